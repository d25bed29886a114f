import type { CalendarDate } from '../calendar-date.js';
import type { CalendarMonth } from './report-month.js';

/** One account's money in one currency over one month: what was invoiced and collected, what it owed at the end. */
export interface MonthMoney {
  readonly invoiced_minor: bigint;
  readonly collected_minor: bigint;
  readonly open_minor: bigint;
  readonly overdue_minor: bigint;
}

export interface MonthDisputes {
  /** Disputes opened during the month. */
  readonly opened: number;
  /** Disputes still open at the end of the month. */
  readonly open: number;
}

/** The store's facts: one row per top or strategic account and currency with money in either month. */
export interface AccountMoneyFacts {
  readonly customerId: bigint;
  readonly currency: string;
  readonly current: MonthMoney;
  readonly previous: MonthMoney;
}

/** The store's facts: every top or strategic account, with its disputes in both months. */
export interface AccountFacts {
  readonly customerId: bigint;
  readonly externalId: string;
  readonly name: string;
  readonly segment: string;
  readonly strategic: boolean;
  readonly current: MonthDisputes;
  readonly previous: MonthDisputes;
}

export interface MoneyReview extends MonthMoney {
  readonly currency: string;
  readonly previous: MonthMoney;
  /** This month less the previous one, per figure. */
  readonly change: MonthMoney;
}

export interface AccountReview {
  readonly external_id: string;
  readonly name: string;
  readonly segment: string;
  readonly strategic: boolean;
  readonly disputes: MonthDisputes & { readonly previous: MonthDisputes; readonly change: MonthDisputes };
  readonly currencies: readonly MoneyReview[];
}

/** The monthly top-account review (`arbot report review`, GET /api/v1/reports/review). */
export interface ReviewReport {
  readonly report: 'review';
  readonly as_of: CalendarDate;
  readonly month: CalendarMonth;
  readonly previous_month: CalendarMonth;
  readonly accounts: readonly AccountReview[];
  /** The accounts' figures added up per currency (never across currencies). */
  readonly totals: readonly MoneyReview[];
}

const moneyKeys = ['invoiced_minor', 'collected_minor', 'open_minor', 'overdue_minor'] as const;

const minus = (a: MonthMoney, b: MonthMoney): MonthMoney =>
  Object.fromEntries(moneyKeys.map((k) => [k, a[k] - b[k]])) as unknown as MonthMoney;
const plus = (a: MonthMoney, b: MonthMoney): MonthMoney =>
  Object.fromEntries(moneyKeys.map((k) => [k, a[k] + b[k]])) as unknown as MonthMoney;
const zero: MonthMoney = { invoiced_minor: 0n, collected_minor: 0n, open_minor: 0n, overdue_minor: 0n };

function reviewOf(currency: string, current: MonthMoney, previous: MonthMoney): MoneyReview {
  return { currency, ...current, previous, change: minus(current, previous) };
}

/**
 * Builds the review from the store's facts: accounts in the order given, currencies alphabetical, the change
 * against the previous month for every figure, and totals per currency.
 * @example buildReviewReport({ asOf: '2026-03-31', month: '2026-03', previousMonth: '2026-02' }, accounts, money).totals[0].change.invoiced_minor // 5000n
 */
export function buildReviewReport(
  period: { asOf: CalendarDate; month: CalendarMonth; previousMonth: CalendarMonth },
  accounts: readonly AccountFacts[],
  money: readonly AccountMoneyFacts[],
): ReviewReport {
  const byCurrency = (a: { currency: string }, b: { currency: string }) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0);
  const totals = new Map<string, { current: MonthMoney; previous: MonthMoney }>();
  const ofAccount = new Map<bigint, AccountMoneyFacts[]>();
  for (const m of money) {
    ofAccount.set(m.customerId, [...(ofAccount.get(m.customerId) ?? []), m]);
    const t = totals.get(m.currency) ?? { current: zero, previous: zero };
    totals.set(m.currency, { current: plus(t.current, m.current), previous: plus(t.previous, m.previous) });
  }
  return {
    report: 'review',
    as_of: period.asOf,
    month: period.month,
    previous_month: period.previousMonth,
    accounts: accounts.map((a) => ({
      external_id: a.externalId,
      name: a.name,
      segment: a.segment,
      strategic: a.strategic,
      disputes: {
        ...a.current,
        previous: a.previous,
        change: { opened: a.current.opened - a.previous.opened, open: a.current.open - a.previous.open },
      },
      currencies: (ofAccount.get(a.customerId) ?? []).map((m) => reviewOf(m.currency, m.current, m.previous)).sort(byCurrency),
    })),
    totals: [...totals].map(([currency, t]) => reviewOf(currency, t.current, t.previous)).sort(byCurrency),
  };
}
