import type { ReportStore } from '../../src/ports/reports.js';
import type { Sql } from './connect.js';
import { disputeReasons, disputeTrend } from './report-disputes.js';
import { paidInvoiceReminders, reminderSteps } from './report-reminders.js';
import { reviewAccounts, reviewMoney } from './report-review.js';
import { teamFacts } from './report-team.js';

/** The reports' port on Postgres; `zone` (COMPANY_TIMEZONE) reads instants as months and days. */
export function postgresReportStore(sql: Sql, zone: string): ReportStore {
  return {
    reviewAccounts: (cur, prev) => reviewAccounts(sql, cur, prev),
    reviewMoney: (cur, prev) => reviewMoney(sql, cur, prev),
    team: (asOf, asOfEnd, month, slaHours) => teamFacts(sql, asOf, asOfEnd, month, slaHours),
    disputeReasons: (period) => disputeReasons(sql, period),
    disputeTrend: (range) => disputeTrend(sql, zone, range),
    reminderSteps: (period) => reminderSteps(sql, period),
    paidInvoiceReminders: (month) => paidInvoiceReminders(sql, zone, month),
  };
}
