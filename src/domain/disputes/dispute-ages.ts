import { disputeSlaHours } from './dispute-sla.js';

const hour = 3600_000;
const day = 24 * hour;

/** Age buckets of open disputes, youngest first: within the SLA (disputeSlaHours), then by days. */
export const disputeAgeBuckets = [
  { label: `under ${disputeSlaHours} h`, under: disputeSlaHours * hour },
  { label: '2–7 days', under: 7 * day },
  { label: '7–30 days', under: 30 * day },
  { label: 'over 30 days', under: Infinity },
] as const;

/**
 * Counts open disputes per age bucket at `now` (age = now − opened).
 * @example countDisputeAges([new Date('2026-03-19T10:00:00Z')], new Date('2026-03-20T10:00:00Z')) // [{ label: 'under 48 h', count: 1 }, …0s]
 */
export function countDisputeAges(openedAt: readonly Date[], now: Date): { label: string; count: number }[] {
  const counts = disputeAgeBuckets.map((b) => ({ label: b.label, count: 0 }));
  for (const opened of openedAt) {
    const age = now.getTime() - opened.getTime();
    const k = disputeAgeBuckets.findIndex((b) => age < b.under);
    counts[k]!.count++;
  }
  return counts;
}
