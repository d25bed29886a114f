import { localInstant } from '../domain/cadence/due-reminder-step.js';
import type { CalendarDate } from '../domain/calendar-date.js';
import { disputeSlaHours } from '../domain/disputes/dispute-sla.js';
import { endOfPreviousMonth } from '../domain/kpi/calendar-months.js';
import { TREND_MONTHS } from '../domain/kpi/kpi-trend.js';
import { buildReviewReport } from '../domain/reports/account-review.js';
import { buildDisputeReport } from '../domain/reports/dispute-report.js';
import { buildDsoReport } from '../domain/reports/dso-report.js';
import { buildReminderReport } from '../domain/reports/reminder-report.js';
import { dayAfter, monthDays, monthsEndingWith, shiftMonth, type CalendarMonth } from '../domain/reports/report-month.js';
import type { ReportName, ReportRequest } from '../domain/reports/report-request.js';
import type { Report } from '../domain/reports/report-table.js';
import { buildTeamReport } from '../domain/reports/team-report.js';
import type { KpiStore } from '../ports/kpi-store.js';
import type { ReportMonth, ReportStore } from '../ports/reports.js';
import { computeKpis } from './compute-kpis.js';

export interface ReportDeps {
  readonly store: ReportStore;
  /** The KPIs behind the dso report (the same computation as `arbot kpi`). */
  readonly kpis: KpiStore;
  /** COMPANY_TIMEZONE: where days and months begin and end. */
  readonly zone: string;
}

/** The instant a calendar day begins in the company's zone. */
const dayStart = (deps: ReportDeps, date: CalendarDate) => localInstant(date, 0, deps.zone);

function reportMonth(deps: ReportDeps, month: CalendarMonth): ReportMonth {
  const days = monthDays(month);
  return { ...days, from: dayStart(deps, days.first), until: dayStart(deps, dayAfter(days.last)) };
}

/** One report, as `arbot report NAME --format json` prints it and GET /api/v1/reports/NAME returns it. */
export async function buildReport(deps: ReportDeps, name: ReportName, request: ReportRequest): Promise<Report> {
  const { asOf, month } = request;
  switch (name) {
    case 'dso': {
      const previousAsOf = endOfPreviousMonth(asOf);
      const kpiDeps = { store: deps.kpis, zone: deps.zone, now: () => dayStart(deps, asOf) };
      const [now, before] = await Promise.all([computeKpis(kpiDeps, { asOf }), computeKpis(kpiDeps, { asOf: previousAsOf })]);
      return buildDsoReport(asOf, previousAsOf, now.currencies, before.currencies);
    }
    case 'review': {
      const [cur, prev] = [reportMonth(deps, month), reportMonth(deps, shiftMonth(month, 1))];
      const [accounts, money] = await Promise.all([deps.store.reviewAccounts(cur, prev), deps.store.reviewMoney(cur, prev)]);
      return buildReviewReport({ asOf, month, previousMonth: prev.month }, accounts, money);
    }
    case 'team': {
      const facts = await deps.store.team(asOf, dayStart(deps, dayAfter(asOf)), reportMonth(deps, month), disputeSlaHours);
      return buildTeamReport({ asOf, month, slaHours: disputeSlaHours }, facts);
    }
    case 'disputes': {
      const months = monthsEndingWith(month, TREND_MONTHS);
      const range = { from: reportMonth(deps, months[0]!).from, until: reportMonth(deps, month).until };
      const [reasons, trend] = await Promise.all([deps.store.disputeReasons(reportMonth(deps, month)), deps.store.disputeTrend(range)]);
      return buildDisputeReport({ asOf, month }, reasons.opened, reasons.resolved, trend, months);
    }
    case 'reminders': {
      const m = reportMonth(deps, month);
      const [steps, paid] = await Promise.all([deps.store.reminderSteps(m), deps.store.paidInvoiceReminders(m)]);
      return buildReminderReport({ asOf, month }, steps, paid);
    }
  }
}
