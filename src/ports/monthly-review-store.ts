import type { CalendarDate } from '../domain/calendar-date.js';
import type { CalendarMonth } from '../domain/reports/report-month.js';
import type { ReviewView } from '../views/review-view.js';

/** What the monthly review job reads beyond the review itself, and where it queues the review for finance. */
export interface MonthlyReviewStore {
  /** The company-wide holidays (holidays.country = '*'): days that are not business days. */
  companyHolidays(): Promise<Set<CalendarDate>>;
  /** True when the review of `month` was queued already (by an earlier run or another instance). */
  isQueued(month: CalendarMonth): Promise<boolean>;
  /** Queues the review as one finance alert per month; false when that month's review exists already. */
  queue(review: ReviewView, raisedAt: Date): Promise<boolean>;
}
