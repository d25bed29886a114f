import { monthlyReviewDueAt } from '../domain/reports/monthly-review-day.js';
import type { MonthlyReviewStore } from '../ports/monthly-review-store.js';
import { reviewForChat } from './chat-commands/review-report.js';
import type { ReportDeps } from './reports.js';

export interface MonthlyReviewDeps {
  /** The report service `/review` uses (its `zone` is COMPANY_TIMEZONE: where the month and the day begin). */
  readonly reports: ReportDeps;
  readonly store: MonthlyReviewStore;
}

export type MonthlyReviewOutcome =
  | { readonly today: string; readonly due: false }
  | { readonly today: string; readonly due: true; readonly month: string; readonly queued: boolean };

/**
 * On the first business day of a month in the company's zone (weekends and company-wide holidays skipped), queues
 * the previous month's top-account review for the finance channel: the same view `/review` shows for that month.
 * Once per month: a second run that day, or another instance, finds it queued (and the alert's key holds if both
 * race past that check).
 */
export async function raiseMonthlyReview(deps: MonthlyReviewDeps, now: Date): Promise<MonthlyReviewOutcome> {
  const { today, month } = monthlyReviewDueAt(now, deps.reports.zone, await deps.store.companyHolidays());
  if (month === null) return { today, due: false };
  if (await deps.store.isQueued(month)) return { today, due: true, month, queued: false };
  const review = await reviewForChat(deps.reports, month, today);
  // A month that ended before today is always complete: a refusal here is a bug, not an expected outcome.
  if (!review.ok) throw new Error(`monthly review of ${month}: ${review.message}`);
  return { today, due: true, month, queued: await deps.store.queue(review.view, now) };
}
