import { isCurrencyCode } from '../currency.js';
import { addDaysToDate, daysBetween, isCalendarDate } from '../calendar-date.js';
import { kpiSegments } from '../kpi/kpi-request.js';
import { signIdToken, verifyIdToken, type LinkSecret } from '../signed-id-token.js';
import { chartKinds, type ChartSpec } from './chart-spec.js';

/**
 * A chart's signed id: the format of signed-id-token.ts under its own label, its 63-bit id packing the chart spec.
 * Bits, low to high: currency (15: 0 for every currency, else 1 + the code's three letters in base 26), segment
 * (2: 0 for none, else 1 + its index in kpiSegments), as-of date (24: days since 1970-01-01), kind (2), and a
 * marker bit 43 that keeps the id above 0. A statement or dispute token never opens a chart, nor the reverse, and
 * changing any field of the spec changes the MAC.
 */

export type ChartTokenCheck =
  | { readonly ok: true; readonly spec: ChartSpec; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' };

const label = 'arbot/chart/v1';
const epoch = '1970-01-01';
const A = 'A'.charCodeAt(0);
/** How long a chart URL works: a day, so a message seen tomorrow still shows its chart, a leaked URL not for long. */
export const chartLinkTtlMs = 24 * 3_600_000;

function currencyBits(code: string | null): bigint {
  if (code === null) return 0n;
  return BigInt(1 + [...code].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - A), 0));
}

function currencyOf(bits: number): string | null | undefined {
  if (bits === 0) return null;
  let n = bits - 1;
  const letters: string[] = [];
  for (let k = 0; k < 3; k++, n = Math.floor(n / 26)) letters.unshift(String.fromCharCode(A + (n % 26)));
  const code = letters.join('');
  return n === 0 && isCurrencyCode(code) ? code : undefined;
}

/** True for a spec arbot draws: a known kind and segment, a date from 1970 to 9998, aging with a currency. */
export function isValidChartSpec(spec: ChartSpec): boolean {
  return chartKinds.includes(spec.kind) && isCalendarDate(spec.asOf) && spec.asOf >= epoch && spec.asOf < '9999-01-01'
    && (spec.segment === null || (kpiSegments as readonly string[]).includes(spec.segment))
    && (spec.currency === null ? spec.kind === 'trend' : isCurrencyCode(spec.currency));
}

/**
 * Packs a valid spec into a positive 63-bit id (throws RangeError on an invalid one: callers build specs from data).
 * @example chartSpecId({ kind: 'trend', asOf: '1970-01-02', segment: null, currency: null }) // 8796093153280n
 */
export function chartSpecId(spec: ChartSpec): bigint {
  if (!isValidChartSpec(spec)) throw new RangeError(`not a chart arbot draws: ${JSON.stringify(spec)}`);
  const segment = spec.segment === null ? 0 : 1 + (kpiSegments as readonly string[]).indexOf(spec.segment);
  return (1n << 43n) | (BigInt(chartKinds.indexOf(spec.kind)) << 41n) | (BigInt(daysBetween(epoch, spec.asOf)) << 17n)
    | (BigInt(segment) << 15n) | currencyBits(spec.currency);
}

/** The spec an id packs, or null when no valid spec packs to it. */
export function chartSpecOfId(id: bigint): ChartSpec | null {
  if (id >> 43n !== 1n) return null;
  const kind = chartKinds[Number((id >> 41n) & 3n)];
  const segmentIndex = Number((id >> 15n) & 3n);
  const currency = currencyOf(Number(id & 0x7fffn));
  if (kind === undefined || currency === undefined) return null;
  const spec: ChartSpec = {
    kind,
    asOf: addDaysToDate(epoch, Number((id >> 17n) & 0xffffffn)),
    segment: segmentIndex === 0 ? null : kpiSegments[segmentIndex - 1]!,
    currency,
  };
  return isValidChartSpec(spec) ? spec : null;
}

/** @example signChartToken(spec, new Date('2026-12-07T09:00:00Z'), secret) // "AQAACAAA….Xy3…" */
export function signChartToken(spec: ChartSpec, expiresAt: Date, secret: LinkSecret): string {
  return signIdToken(label, chartSpecId(spec), expiresAt, secret);
}

/**
 * Checks form, signature (constant time), expiry, then that the id packs a chart arbot draws.
 * @example verifyChartToken(token, secret, now) // { ok: true, spec: { kind: 'trend', … }, expiresAt: … }
 */
export function verifyChartToken(token: string, secret: LinkSecret, now: Date): ChartTokenCheck {
  const r = verifyIdToken(label, token, secret, now);
  if (!r.ok) return r;
  const spec = chartSpecOfId(r.id);
  return spec ? { ok: true, spec, expiresAt: r.expiresAt } : { ok: false, reason: 'malformed' };
}

/**
 * Where Slack and Teams load a chart: `PUBLIC_BASE_URL/charts/<signed id>.png`, working for `ttlMs` (default
 * `chartLinkTtlMs`) after `now`; null when PUBLIC_BASE_URL is not set (nothing outside could load it: the chat shows text only).
 * @example chartUrl('https://ar.example.com/', secret, spec, now) // "https://ar.example.com/charts/AQAACAAA….png"
 */
export function chartUrl(
  publicBaseUrl: string | null | undefined, secret: LinkSecret, spec: ChartSpec, now: Date, ttlMs: number = chartLinkTtlMs,
): string | null {
  if (!publicBaseUrl) return null;
  const token = signChartToken(spec, new Date(now.getTime() + ttlMs), secret);
  return `${publicBaseUrl.replace(/\/+$/, '')}/charts/${token}.png`;
}
