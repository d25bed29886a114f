import type { CalendarDate } from '../domain/calendar-date.js';
import type { AccountFacts, AccountMoneyFacts } from '../domain/reports/account-review.js';
import type { ReasonMonthFacts, ReasonOpenedFacts, ReasonResolvedFacts } from '../domain/reports/dispute-report.js';
import type { PaidInvoiceFacts, TemplateStepFacts } from '../domain/reports/reminder-report.js';
import type { MonthDays } from '../domain/reports/report-month.js';
import type { TeamFacts } from '../domain/reports/team-report.js';

/** Instants from `from` (included) to `until` (excluded): a period's days in the company's time zone. */
export interface InstantRange {
  readonly from: Date;
  readonly until: Date;
}

/** A month both as calendar days (ledger dates) and as instants (disputes, emails, promises). */
export interface ReportMonth extends MonthDays, InstantRange {}

/** What the reports read from the ledger: facts, set-based, one call per figure family. */
export interface ReportStore {
  /** Every top or strategic account with its disputes opened during, and open at the end of, each month. */
  reviewAccounts(current: ReportMonth, previous: ReportMonth): Promise<AccountFacts[]>;
  /** Invoiced, collected, open and overdue per top or strategic account and currency, for both months. */
  reviewMoney(current: ReportMonth, previous: ReportMonth): Promise<AccountMoneyFacts[]>;
  /** Owners, and per owner and per team: overdue at the end of `asOf`, dispute work, promises and approvals. */
  team(asOf: CalendarDate, asOfEnd: Date, month: ReportMonth, slaHours: number): Promise<TeamFacts>;
  /** Disputes opened in the period per reason and currency, and those resolved in it per reason. */
  disputeReasons(period: InstantRange): Promise<{ opened: ReasonOpenedFacts[]; resolved: ReasonResolvedFacts[] }>;
  /** Disputes opened per reason and month (company time zone) in the range. */
  disputeTrend(range: InstantRange): Promise<ReasonMonthFacts[]>;
  /** Emails sent in the period per policy step and template, with what became of them. */
  reminderSteps(period: InstantRange): Promise<TemplateStepFacts[]>;
  /** Invoices paid in the month and the reminders they got on or before their payment date. */
  paidInvoiceReminders(month: ReportMonth): Promise<PaidInvoiceFacts>;
}
