import { formatMoney } from '../domain/money.js';

/**
 * An amount for people ("€1,250.00"), exact: the report views format every amount once, here.
 * @example moneyFor(125000n, 'EUR') // "€1,250.00"
 */
export const moneyFor = (minor: bigint, currency: string): string => formatMoney(minor, currency, 'en');

/**
 * A change of an amount with its sign: "+€500.00", "−€80.00", "±0" when nothing moved.
 * @example changeFor(-8000n, 'EUR') // "−€80.00"
 */
export function changeFor(minor: bigint, currency: string): string {
  if (minor === 0n) return '±0';
  return `${minor > 0n ? '+' : '−'}${moneyFor(minor > 0n ? minor : -minor, currency)}`;
}

/**
 * A change of a count with its sign.
 * @example countChange(-2) // "−2"; countChange(0) // "±0"
 */
export const countChange = (n: number): string => (n === 0 ? '±0' : n > 0 ? `+${n}` : `−${-n}`);
