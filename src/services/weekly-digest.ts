import { addDaysToDate, dateInZone } from '../domain/calendar-date.js';
import { chartUrl } from '../domain/charts/chart-token.js';
import { countDisputeAges } from '../domain/disputes/dispute-ages.js';
import { formatMoney } from '../domain/money.js';
import { planWeekFigures } from '../domain/plans/plan-week.js';
import { medianHoursToAnswer } from '../domain/replies/answer-time.js';
import type { DigestStore } from '../ports/digest-store.js';
import type { WeeklyDigest } from '../views/digest-view.js';
import { digestPlanFigures } from '../views/plan-view.js';
import type { ChartLinks } from './chat-commands/dso-report.js';
import { computeKpis, computeKpiTrend, type KpiDeps } from './compute-kpis.js';

export interface DigestDeps {
  readonly kpi: KpiDeps;
  readonly store: DigestStore;
  /** Where chat images load the digest's trend chart from; null or left out: the digest is text only. */
  readonly charts?: ChartLinks | null;
}

/**
 * The digest's chart link works for eight days: the digest is read over its week, and Teams loads an image each time
 * the card is shown (Slack fetches it once, when posted).
 */
export const digestChartTtlMs = 8 * 24 * 3600_000;

const weekMs = 7 * 24 * 3600_000;
const oldestShown = 5;

/**
 * The weekly digest as of `now`: the KPIs on the company's today and seven days earlier (per currency, so the move
 * over the week shows), the week's activity and customer replies, payment plans, and the disputes open now by age, the
 * oldest named.
 */
export async function weeklyDigest(deps: DigestDeps, now: Date): Promise<WeeklyDigest> {
  const asOf = dateInZone(now, deps.kpi.zone);
  const weekAgo = addDaysToDate(asOf, -7);
  const current = await computeKpis(deps.kpi, { asOf });
  const before = await computeKpis(deps.kpi, { asOf: weekAgo });
  const weekStart = new Date(now.getTime() - weekMs);
  const activity = await deps.store.weekActivity(weekStart, now);
  const replies = await deps.store.weekReplies(weekStart, now);
  const plans = await deps.store.weekPlans(weekStart, now);
  const open = await deps.store.openDisputes(now);
  const url = deps.charts ? chartUrl(deps.charts.publicBaseUrl, deps.charts.secret, { kind: 'trend', asOf, segment: null, currency: null }, now, digestChartTtlMs) : null;
  const chart = url === null ? null : { url, trend: (await computeKpiTrend(deps.kpi, { asOf })).currencies };
  return {
    asOf,
    weekAgo,
    currencies: current.currencies.map((k) => ({ now: k, weekAgo: before.currencies.find((b) => b.currency === k.currency) ?? null })),
    activity: { ...activity, paymentsReceived: activity.paymentsReceived.map((p) => formatMoney(p.amountMinor, p.currency, 'en')) },
    replies: { received: replies.received, answered: replies.answerSeconds.length, medianHoursToAnswer: medianHoursToAnswer(replies.answerSeconds) },
    plans: planWeekFigures(plans, asOf, weekStart, now).map(digestPlanFigures),
    disputeAges: countDisputeAges(open.map((d) => d.openedAt), now),
    oldestDisputes: open.slice(0, oldestShown).map((d) => ({
      customerName: d.customerName, invoiceNumber: d.invoiceNumber, status: d.status, ownerName: d.ownerName,
      ageDays: Math.floor((now.getTime() - d.openedAt.getTime()) / (24 * 3600_000)), amountDue: formatMoney(d.amountMinor, d.currency, 'en'),
    })),
    ...(chart === null ? {} : { chart }),
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
