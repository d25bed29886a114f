import type { ImportRunFacts } from '../src/views/alert-view.js';

// Words of the one-per-run import alert that Slack and Teams show alike (no markup: counts and fixed words only).

/** "1,234 unmatched payments": a count grouped in thousands with its noun. */
export const countOf = (count: number, one: string, many: string): string => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/**
 * What the run left for finance, as a headline.
 * @example importRunHeadline({ unmatched: { count: 5000, … }, released: null, … }) // "5,000 unmatched payments"
 */
export function importRunHeadline(run: Pick<ImportRunFacts, 'unmatched' | 'released'>): string {
  const u = run.unmatched;
  const r = run.released;
  return [
    ...(u.count > 0 ? [countOf(u.count, 'unmatched payment', 'unmatched payments')] : []),
    ...(r && r.count > 0 ? [countOf(r.count, 'allocation released', 'allocations released')] : []),
  ].join(', ') || 'nothing to match';
}
