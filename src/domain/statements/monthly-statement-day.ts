import { addBusinessDays, isBusinessDay, onOrNextBusinessDay } from '../cadence/business-days.js';
import { localInstant } from '../cadence/due-reminder-step.js';
import { addDaysToDate, dateInZone, type CalendarDate } from '../calendar-date.js';
import type { CalendarMonth } from '../reports/report-month.js';

/**
 * The n-th business day (1-based) of a month, weekends and holidays skipped as the cadence skips them; should
 * holidays leave the month fewer than n, its last business day (a statement is never moved into the next month).
 * @example businessDayOfMonth('2026-08', 1, new Set()) // "2026-08-03" (the 1st is a Saturday)
 * @example businessDayOfMonth('2026-05', 3, new Set(['2026-05-01'])) // "2026-05-06" (Friday 1st a holiday: Mon 4, Tue 5, Wed 6)
 */
export function businessDayOfMonth(month: CalendarMonth, n: number, holidays: ReadonlySet<CalendarDate>): CalendarDate | null {
  let day = addBusinessDays(onOrNextBusinessDay(`${month}-01`, holidays), n - 1, holidays);
  // Bounded: a month has at most 31 days to walk back through.
  for (let i = 0; i < 31 && (day.slice(0, 7) !== month || !isBusinessDay(day, holidays)); i++) day = addDaysToDate(day, -1);
  return day.slice(0, 7) === month && isBusinessDay(day, holidays) ? day : null;
}

export interface MonthlyStatementInput {
  readonly now: Date;
  /** The customer's IANA time zone: the day, the month and the send hours are theirs. */
  readonly zone: string;
  /** The policy's business day of the month for the customer's segment. */
  readonly businessDay: number;
  /** The company's holidays and the customer's country's. */
  readonly holidays: ReadonlySet<CalendarDate>;
  /** The cadence's send hours (CADENCE_SEND_HOUR until CADENCE_SEND_UNTIL, exclusive), in the customer's zone. */
  readonly sendHour: number;
  readonly sendUntil: number;
}

/**
 * The month whose statement is due to the customer at `now`: only on the policy's business day of their month, and
 * only within the send hours of that day (no catch-up on a later day), else null.
 * @example monthlyStatementDue({ now: new Date('2026-08-03T07:00:00Z'), zone: 'Europe/Paris', businessDay: 1, holidays: new Set(), sendHour: 9, sendUntil: 17 }) // { month: '2026-08', day: '2026-08-03' }
 * @example monthlyStatementDue({ now: new Date('2026-08-03T06:59:00Z'), zone: 'Europe/Paris', businessDay: 1, … }) // null (08:59 in Paris)
 */
export function monthlyStatementDue(input: MonthlyStatementInput): { month: CalendarMonth; day: CalendarDate } | null {
  const today = dateInZone(input.now, input.zone);
  const month = today.slice(0, 7);
  if (businessDayOfMonth(month, input.businessDay, input.holidays) !== today) return null;
  const at = input.now.getTime();
  if (at < localInstant(today, input.sendHour, input.zone).getTime() || at >= localInstant(today, input.sendUntil, input.zone).getTime()) return null;
  return { month, day: today };
}

