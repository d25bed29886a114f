import type { CalendarDate } from '../calendar-date.js';
import { medianHours } from './median.js';
import type { CalendarMonth } from './report-month.js';

/** The store's facts: disputes opened in the period per reason and currency of their invoice. */
export interface ReasonOpenedFacts {
  readonly reason: string;
  readonly currency: string;
  readonly opened: number;
  /** The disputed invoices' amounts, added up. */
  readonly amountMinor: bigint;
}

/** The store's facts: seconds from opened to closed of each dispute with this reason closed in the period. */
export interface ReasonResolvedFacts {
  readonly reason: string;
  readonly resolutionSeconds: readonly number[];
}

/** The store's facts: disputes opened per reason and month (company time zone). */
export interface ReasonMonthFacts {
  readonly reason: string;
  readonly month: CalendarMonth;
  readonly opened: number;
}

export interface ReasonFigures {
  /** The reason as recorded, trimmed; "" when none was given. */
  readonly reason: string;
  readonly opened: number;
  readonly amounts: readonly { readonly currency: string; readonly amount_minor: bigint }[];
  readonly resolved: number;
  readonly median_resolution_hours: number | null;
}

export interface DisputeReport {
  readonly report: 'disputes';
  readonly as_of: CalendarDate;
  readonly month: CalendarMonth;
  /** Most opened first, then by reason. */
  readonly reasons: readonly ReasonFigures[];
  /** Disputes opened per reason in each month of `months` (oldest first), ending with `month`. */
  readonly trend: { readonly months: readonly CalendarMonth[]; readonly reasons: readonly { readonly reason: string; readonly opened: readonly number[] }[] };
}

/**
 * Builds the disputes report: per reason, disputes opened in the month with their invoices' amounts per currency,
 * the disputes resolved in the month with the median time to resolve, and the month-by-month trend.
 * @example buildDisputeReport(period, [{ reason: 'price', currency: 'EUR', opened: 2, amountMinor: 300n }], [], [], ['2026-03']).reasons[0].opened // 2
 */
export function buildDisputeReport(
  period: { asOf: CalendarDate; month: CalendarMonth },
  opened: readonly ReasonOpenedFacts[],
  resolved: readonly ReasonResolvedFacts[],
  trend: readonly ReasonMonthFacts[],
  months: readonly CalendarMonth[],
): DisputeReport {
  const reasons = [...new Set([...opened.map((o) => o.reason), ...resolved.map((r) => r.reason)])];
  const figures = reasons.map((reason) => {
    const own = opened.filter((o) => o.reason === reason).sort((a, b) => (a.currency < b.currency ? -1 : 1));
    const seconds = resolved.find((r) => r.reason === reason)?.resolutionSeconds ?? [];
    return {
      reason,
      opened: own.reduce((n, o) => n + o.opened, 0),
      amounts: own.map((o) => ({ currency: o.currency, amount_minor: o.amountMinor })),
      resolved: seconds.length,
      median_resolution_hours: medianHours(seconds),
    };
  }).sort(mostOpenedFirst);
  const trendReasons = [...new Set(trend.map((t) => t.reason))].map((reason) => ({
    reason,
    opened: months.map((m) => trend.find((t) => t.reason === reason && t.month === m)?.opened ?? 0),
  }));
  const total = (r: { opened: readonly number[] }) => r.opened.reduce((a, b) => a + b, 0);
  return {
    report: 'disputes',
    as_of: period.asOf,
    month: period.month,
    reasons: figures,
    trend: { months, reasons: trendReasons.sort((a, b) => total(b) - total(a) || (a.reason < b.reason ? -1 : 1)) },
  };
}

const mostOpenedFirst = (a: ReasonFigures, b: ReasonFigures) => b.opened - a.opened || b.resolved - a.resolved || (a.reason < b.reason ? -1 : 1);
