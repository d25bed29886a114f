import type { CalendarDate } from '../calendar-date.js';
import type { CurrencyKpis } from '../kpi/currency-kpis.js';

/** One currency's summary line: DSO and its move since the previous month end, overdue share and disputes. */
export interface DsoLine {
  readonly currency: string;
  readonly dso_90d: number | null;
  /** dso_90d at the end of the previous month. */
  readonly dso_90d_previous: number | null;
  /** dso_90d − dso_90d_previous, 2 decimals; null when either is. */
  readonly dso_90d_change: number | null;
  readonly overdue_share_amount: number | null;
  /** Amounts as the KPIs write them: decimal strings in the currency's units. */
  readonly open_ar: string;
  readonly overdue_amount: string;
  readonly disputed_count: number;
  readonly disputed_amount: string;
  readonly avg_dispute_age_days: number | null;
}

export interface DsoReport {
  readonly report: 'dso';
  readonly as_of: CalendarDate;
  readonly previous_as_of: CalendarDate;
  readonly currencies: readonly DsoLine[];
}

/** Two values of 2 decimals subtracted in hundredths, so the change has no float residue (41.25 − 40.1 = 1.15). */
const change = (a: number | null, b: number | null) => (a === null || b === null ? null : (Math.round(a * 100) - Math.round(b * 100)) / 100);

/**
 * The DSO summary from the KPIs (src/services/compute-kpis.ts) at as_of and at the previous month end: one line per
 * currency that has KPIs at as_of.
 * @example buildDsoReport('2026-03-31', '2026-02-28', [usdMarch], [usdFebruary]).currencies[0].dso_90d_change // 1.15
 */
export function buildDsoReport(asOf: CalendarDate, previousAsOf: CalendarDate, now: readonly CurrencyKpis[], before: readonly CurrencyKpis[]): DsoReport {
  return {
    report: 'dso',
    as_of: asOf,
    previous_as_of: previousAsOf,
    currencies: now.map((k) => {
      const previous = before.find((b) => b.currency === k.currency)?.dso_90d ?? null;
      return {
        currency: k.currency, dso_90d: k.dso_90d, dso_90d_previous: previous, dso_90d_change: change(k.dso_90d, previous),
        overdue_share_amount: k.overdue_share_amount, open_ar: k.open_ar, overdue_amount: k.overdue_amount,
        disputed_count: k.disputed_count, disputed_amount: k.disputed_amount, avg_dispute_age_days: k.avg_dispute_age_days,
      };
    }),
  };
}
