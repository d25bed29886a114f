import type { CalendarDate } from '../../domain/calendar-date.js';
import { lastCompleteMonth, monthDays, type CalendarMonth } from '../../domain/reports/report-month.js';
import { buildReviewView, type ReviewView } from '../../views/review-view.js';
import { buildReport, type ReportDeps } from '../reports.js';

export type ReviewAnswer = { readonly ok: true; readonly view: ReviewView } | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * What `/review [YYYY-MM]` shows: the month's top and strategic accounts (the last complete month on or before
 * `today` when none is given). A month that is not over yet is refused: its month-end figures do not exist.
 */
export async function reviewForChat(deps: ReportDeps, month: CalendarMonth | null, today: CalendarDate): Promise<ReviewAnswer> {
  const latest = lastCompleteMonth(today);
  if (month !== null && monthDays(month).last > today) {
    const when = month > today.slice(0, 7) ? 'is in the future' : 'is not over yet';
    return { ok: false, code: 'invalid', message: `${month} ${when}: the review covers whole months, the latest is ${latest}` };
  }
  const report = await buildReport(deps, 'review', { asOf: today, month: month ?? latest });
  if (report.report !== 'review') throw new Error(`the review came back as ${report.report}`);
  return { ok: true, view: buildReviewView(report) };
}
