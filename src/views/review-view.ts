import type { AccountReview, MoneyReview, ReviewReport } from '../domain/reports/account-review.js';
import type { CalendarMonth } from '../domain/reports/report-month.js';
import { changeFor, countChange, moneyFor } from './money-change.js';

/** One figure of the month, formatted, with its change against the previous month ("+€500.00", "±0"). */
export interface ReviewFigure {
  readonly value: string;
  readonly change: string;
}

/** One currency's money of an account (or of all of them): never added across currencies. */
export interface ReviewMoney {
  readonly currency: string;
  readonly invoiced: ReviewFigure;
  readonly collected: ReviewFigure;
  readonly open: ReviewFigure;
  readonly overdue: ReviewFigure;
}

export interface ReviewAccount {
  /** The customer's name and ERP id: data, escaped by the renderers. */
  readonly name: string;
  readonly externalId: string;
  readonly segment: string;
  readonly strategic: boolean;
  readonly disputesOpened: { readonly value: number; readonly change: string };
  readonly disputesOpen: { readonly value: number; readonly change: string };
  readonly money: readonly ReviewMoney[];
}

/** What `/review` and `@arbot review` show: the month's top and strategic accounts against the month before. */
export interface ReviewView {
  readonly month: CalendarMonth;
  readonly previousMonth: CalendarMonth;
  /** Per currency, the accounts' figures added up. */
  readonly totals: readonly ReviewMoney[];
  /** Every account, in the report's order; renderers show the first ones and count the rest. */
  readonly accounts: readonly ReviewAccount[];
}

function money(m: MoneyReview): ReviewMoney {
  const figure = (value: bigint, change: bigint): ReviewFigure => ({ value: moneyFor(value, m.currency), change: changeFor(change, m.currency) });
  return {
    currency: m.currency,
    invoiced: figure(m.invoiced_minor, m.change.invoiced_minor),
    collected: figure(m.collected_minor, m.change.collected_minor),
    open: figure(m.open_minor, m.change.open_minor),
    overdue: figure(m.overdue_minor, m.change.overdue_minor),
  };
}

function account(a: AccountReview): ReviewAccount {
  return {
    name: a.name, externalId: a.external_id, segment: a.segment, strategic: a.strategic,
    disputesOpened: { value: a.disputes.opened, change: countChange(a.disputes.change.opened) },
    disputesOpen: { value: a.disputes.open, change: countChange(a.disputes.change.open) },
    money: a.currencies.map(money),
  };
}

/**
 * The review report as chat shows it: every amount formatted in its own currency, every change signed.
 * @example buildReviewView(report).totals[0].invoiced // { value: '€500.00', change: '−€1,300.00' }
 */
export function buildReviewView(report: ReviewReport): ReviewView {
  return { month: report.month, previousMonth: report.previous_month, totals: report.totals.map(money), accounts: report.accounts.map(account) };
}
