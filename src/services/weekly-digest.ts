import { addDaysToDate, dateInZone } from '../domain/calendar-date.js';
import { countDisputeAges } from '../domain/disputes/dispute-ages.js';
import { formatMoney } from '../domain/money.js';
import { medianHoursToAnswer } from '../domain/replies/answer-time.js';
import type { DigestStore } from '../ports/digest-store.js';
import type { WeeklyDigest } from '../views/digest-view.js';
import { computeKpis, type KpiDeps } from './compute-kpis.js';

export interface DigestDeps {
  readonly kpi: KpiDeps;
  readonly store: DigestStore;
}

const weekMs = 7 * 24 * 3600_000;
const oldestShown = 5;

/**
 * The weekly digest as of `now`: the KPIs on the company's today and seven days earlier (per currency, so the move
 * over the week shows), the week's activity and customer replies, and the disputes open now by age, the oldest named.
 */
export async function weeklyDigest(deps: DigestDeps, now: Date): Promise<WeeklyDigest> {
  const asOf = dateInZone(now, deps.kpi.zone);
  const weekAgo = addDaysToDate(asOf, -7);
  const current = await computeKpis(deps.kpi, { asOf });
  const before = await computeKpis(deps.kpi, { asOf: weekAgo });
  const weekStart = new Date(now.getTime() - weekMs);
  const activity = await deps.store.weekActivity(weekStart, now);
  const replies = await deps.store.weekReplies(weekStart, now);
  const open = await deps.store.openDisputes(now);
  return {
    asOf,
    weekAgo,
    currencies: current.currencies.map((k) => ({ now: k, weekAgo: before.currencies.find((b) => b.currency === k.currency) ?? null })),
    activity: { ...activity, paymentsReceived: activity.paymentsReceived.map((p) => formatMoney(p.amountMinor, p.currency, 'en')) },
    replies: { received: replies.received, answered: replies.answerSeconds.length, medianHoursToAnswer: medianHoursToAnswer(replies.answerSeconds) },
    disputeAges: countDisputeAges(open.map((d) => d.openedAt), now),
    oldestDisputes: open.slice(0, oldestShown).map((d) => ({
      customerName: d.customerName, invoiceNumber: d.invoiceNumber, status: d.status, ownerName: d.ownerName,
      ageDays: Math.floor((now.getTime() - d.openedAt.getTime()) / (24 * 3600_000)), amountDue: formatMoney(d.amountMinor, d.currency, 'en'),
    })),
  };
}

/**
 * Builds this week's digest and queues it for the finance channel: weekly, so not when one was raised in the six
 * days before `now` (running every job by hand, or a demo clock moving day by day, does not flood finance).
 */
export async function raiseWeeklyDigest(deps: DigestDeps, now: Date): Promise<{ as_of: string | null; queued: boolean; last?: string }> {
  const last = await deps.store.lastQueuedAt();
  if (last !== null && last.getTime() > now.getTime() - 6 * 24 * 3600_000 && last.getTime() <= now.getTime()) {
    return { as_of: null, queued: false, last: last.toISOString() };
  }
  const digest = await weeklyDigest(deps, now);
  return { as_of: digest.asOf, queued: await deps.store.queue(digest, now) };
}
