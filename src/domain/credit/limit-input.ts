import { isCurrencyCode } from '../currency.js';
import { parseAmount } from '../money.js';

export type LimitInput = { readonly ok: true; readonly minor: bigint; readonly currency: string } | { readonly ok: false; readonly reason: string };

/**
 * A credit limit as typed in chat: an amount in the current limit's currency ("50000", "50 000.50"), or with its
 * currency before or after it ("EUR 50000", "50000 usd"), which a customer without a limit needs. Never negative.
 * @example parseLimitInput('50 000', 'EUR') // { ok: true, minor: 5000000n, currency: 'EUR' }
 * @example parseLimitInput('usd 1200.5', null) // { ok: true, minor: 120050n, currency: 'USD' }
 * @example parseLimitInput('1200', null).ok // false: say the currency
 */
export function parseLimitInput(text: string, current: string | null): LimitInput {
  const t = text.trim();
  const before = /^([A-Za-z]{3})\s*([-\d].*)$/.exec(t);
  const after = /^(.*[\d.])\s*([A-Za-z]{3})$/.exec(t);
  const [code, amount] = before ? [before[1]!.toUpperCase(), before[2]!] : after ? [after[2]!.toUpperCase(), after[1]!] : [current, t];
  if (code === null) return { ok: false, reason: 'say the currency with the amount, e.g. "EUR 50000"' };
  if (!isCurrencyCode(code)) return { ok: false, reason: `"${code}" is not an ISO 4217 currency code` };
  const digits = amount.replace(/(?<=\d)[ _'](?=\d)/g, '');
  if (digits === '') return { ok: false, reason: 'type the new limit, e.g. 50000' };
  const parsed = parseAmount(digits, code);
  if (!parsed.ok) return parsed;
  if (parsed.minor < 0n) return { ok: false, reason: 'a credit limit cannot be negative' };
  return { ok: true, minor: parsed.minor, currency: code };
}
