/**
 * Payment terms as agreed with a customer: net days, and an optional early-payment discount
 * ("2/10 net 30": 2% off if paid within 10 days, else the full amount within 30).
 * The discount is kept in basis points (2% = 200, 1.5% = 150) so that applying it stays integer arithmetic.
 */
export interface PaymentTerms {
  /** Canonical text, e.g. "2/10 net 30" or "net 30". */
  readonly text: string;
  readonly netDays: number;
  readonly discount: { readonly bp: number; readonly days: number } | null;
}

export type ParsedPaymentTerms = { ok: true; terms: PaymentTerms } | { ok: false; reason: string };

/** Terms longer than this are an export error, not an agreement (the EU directive caps B2B terms at 60 days unless agreed). */
export const MAX_NET_DAYS = 365;

const pattern = /^(?:(\d{1,2})(?:\.(\d{1,2}))?\s*%?\s*\/\s*(\d{1,3})\s+)?net\s*(\d{1,3})$/i;

/**
 * Parses "net 30" or "2/10 net 30" (also "1.5/10 net 45", "NET30", "2% / 10 net 30").
 * @example parsePaymentTerms('2/10 net 30') // { ok: true, terms: { text: '2/10 net 30', netDays: 30, discount: { bp: 200, days: 10 } } }
 * @example parsePaymentTerms('net 0x')      // { ok: false, reason: 'expected terms such as "net 30" or "2/10 net 30", got "net 0x"' }
 */
export function parsePaymentTerms(input: string): ParsedPaymentTerms {
  const text = input.trim().replace(/\s+/g, ' ');
  const m = pattern.exec(text);
  if (!m) return { ok: false, reason: `expected terms such as "net 30" or "2/10 net 30", got "${text}"` };
  const [, whole, frac, discountDaysText, netText] = m;
  const netDays = Number(netText);
  if (netDays > MAX_NET_DAYS) return { ok: false, reason: `net ${netDays}: at most ${MAX_NET_DAYS} days` };
  if (whole === undefined) return { ok: true, terms: { text: `net ${netDays}`, netDays, discount: null } };
  const bp = Number(whole) * 100 + Number((frac ?? '').padEnd(2, '0'));
  const days = Number(discountDaysText);
  const percent = `${whole}${frac ? `.${frac}` : ''}`;
  if (bp === 0) return { ok: false, reason: `discount of ${percent}%: write "net ${netDays}" for terms without a discount` };
  if (days >= netDays) return { ok: false, reason: `discount days (${days}) must be fewer than net days (${netDays})` };
  return { ok: true, terms: { text: `${percent}/${days} net ${netDays}`, netDays, discount: { bp, days } } };
}
