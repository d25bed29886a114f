import { isCalendarDate, type CalendarDate } from '../calendar-date.js';
import { isCalendarMonth, lastCompleteMonth, monthDays, type CalendarMonth } from './report-month.js';

/** The reports of `arbot report NAME` and `GET /api/v1/reports/NAME`. */
export const reportNames = ['dso', 'review', 'team', 'disputes', 'reminders'] as const;
export type ReportName = (typeof reportNames)[number];

/** The parameters every report shares, resolved: snapshots are taken at the end of `asOf`, periods are `month`. */
export interface ReportRequest {
  readonly asOf: CalendarDate;
  readonly month: CalendarMonth;
}

export type ParsedReportRequest = { ok: true; request: ReportRequest } | { ok: false; field: 'as_of' | 'month'; reason: string };

// Years a report can be about: month arithmetic and day boundaries stay within four-digit years on both sides.
const earliest = '1900';
const latest = '9999';
const inRange = (text: string) => text >= earliest && text < latest;

/**
 * True for the name of a report arbot builds.
 * @example isReportName('team') // true; isReportName('aging') // false
 */
export function isReportName(name: string): name is ReportName {
  return (reportNames as readonly string[]).includes(name);
}

/**
 * Validates and resolves as_of and month, shared by the CLI and the HTTP API. Without a month, the period is the
 * last complete month on or before as_of; without as_of, it is the month's last day (or `today` when neither is
 * given). A month ending after as_of is refused: its month-end figures would be from after the report's date.
 * @example parseReportRequest({ month: '2026-02' }, '2026-04-10') // { ok: true, request: { asOf: '2026-02-28', month: '2026-02' } }
 * @example parseReportRequest({ as_of: '2026-04-10' }, '2026-05-01') // { ok: true, request: { asOf: '2026-04-10', month: '2026-03' } }
 */
export function parseReportRequest(input: { as_of?: string | undefined; month?: string | undefined }, today: CalendarDate): ParsedReportRequest {
  const { as_of: asOf, month } = input;
  if (asOf !== undefined && (!isCalendarDate(asOf) || !inRange(asOf))) {
    return { ok: false, field: 'as_of', reason: `expected a date YYYY-MM-DD in the years ${earliest} to 9998, got "${asOf}"` };
  }
  if (month !== undefined && (!isCalendarMonth(month) || !inRange(month))) {
    return { ok: false, field: 'month', reason: `expected a month YYYY-MM in the years ${earliest} to 9998, got "${month}"` };
  }
  if (month !== undefined && asOf !== undefined && monthDays(month).last > asOf) {
    return { ok: false, field: 'month', reason: `${month} ends after as_of ${asOf}; give a month that ends on or before it` };
  }
  if (month !== undefined) return { ok: true, request: { asOf: asOf ?? monthDays(month).last, month } };
  const date = asOf ?? today;
  return { ok: true, request: { asOf: date, month: lastCompleteMonth(date) } };
}
