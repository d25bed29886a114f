import { isCurrencyCode } from '../currency.js';
import { parseAmount } from '../money.js';

/** An amount written in a reply, in minor units of its currency. */
export interface AmountMention {
  readonly minor: bigint;
  readonly currency: string;
  readonly start: number;
}

// Digits grouped by space, dot or comma ("1 200,50", "1.200,50", "1,200.50") or plain ("1200"); bounded pieces.
const num = String.raw`\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d{1,2})?|\d{1,12}(?:[.,]\d{1,3})?`;
const sym = String.raw`€|\$|£|eur|euros?|usd|dollars?|gbp|chf|cad|jpy`;
const before = new RegExp(`(?<![\\w])(${sym})\\s?(${num})(?![\\d])`, 'g');
const after = new RegExp(`(?<![\\d.,])(${num})\\s?(${sym})(?![a-z])`, 'g');

function currencyOf(symbol: string, fallback: string | undefined): string | null {
  const s = symbol.toLowerCase();
  if (s === '€' || s.startsWith('eur')) return 'EUR';
  if (s === '£' || s === 'gbp') return 'GBP';
  // "$" is the dollar of the invoice's currency when that is a dollar (CAD, AUD…), else USD.
  if (s === '$' || s.startsWith('dollar')) return fallback !== undefined && fallback.endsWith('D') ? fallback : 'USD';
  const code = s.toUpperCase();
  return isCurrencyCode(code) ? code : null;
}

/** "1 200,50" → "1200.50": the last separator is the decimal one when one or two digits follow it. */
function plainDecimal(written: string): string {
  const compact = written.replace(/\s/g, '');
  const last = Math.max(compact.lastIndexOf(','), compact.lastIndexOf('.'));
  const decimals = last < 0 ? 0 : compact.length - last - 1;
  if (last >= 0 && decimals <= 2) {
    return `${compact.slice(0, last).replace(/[.,]/g, '')}.${compact.slice(last + 1)}`;
  }
  return compact.replace(/[.,]/g, '');
}

/**
 * Amounts written with a currency sign or code in a folded clause ("€1,200.50", "1 200,50 €", "eur 1200",
 * "1.200,50 eur"), in minor units, never through a float. A bare number is not an amount: "10 units" is not money.
 * @example findAmounts('we pay €1,200.50 and 1 200,50 €') // [{ minor: 120050n, currency: 'EUR', start: 7 }, { minor: 120050n, currency: 'EUR', start: 21 }]
 */
export function findAmounts(folded: string, fallbackCurrency?: string): AmountMention[] {
  const found: AmountMention[] = [];
  const add = (written: string, symbol: string, start: number) => {
    const currency = currencyOf(symbol, fallbackCurrency);
    if (currency === null || found.some((f) => f.start === start)) return;
    const parsed = parseAmount(plainDecimal(written), currency);
    if (parsed.ok) found.push({ minor: parsed.minor, currency, start });
  };
  // Bounded like dates: a person's reply names a handful of amounts, and `add` checks each against the others.
  for (const m of folded.matchAll(before)) if (found.length < 50) add(m[2]!, m[1]!, m.index);
  for (const m of folded.matchAll(after)) if (found.length < 50) add(m[1]!, m[2]!, m.index);
  return found.sort((a, b) => a.start - b.start);
}
