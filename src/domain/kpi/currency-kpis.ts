import type { CalendarDate } from '../calendar-date.js';
import { formatAmount } from '../money.js';
import { countbackPeriods } from './calendar-months.js';
import { collectionEffectiveness } from './collection-effectiveness.js';
import { dsoCountback } from './countback-dso.js';
import { averageDaysDelinquent, bestPossibleDso, dso90d } from './dso.js';
import type { KpiTotals } from './kpi-totals.js';
import { ratio, roundedNumber } from './ratio.js';

/** The KPIs of one currency at a date, exactly as arbot prints them (JSON field names are part of the contract). */
export interface CurrencyKpis {
  readonly currency: string;
  readonly open_ar: string;
  readonly open_count: number;
  readonly overdue_count: number;
  readonly overdue_amount: string;
  readonly overdue_share_count: number | null;
  readonly overdue_share_amount: number | null;
  readonly aging: { readonly current: string; readonly '1_30': string; readonly '31_60': string; readonly '61_90': string; readonly '91_plus': string };
  readonly disputed_count: number;
  readonly disputed_amount: string;
  readonly avg_dispute_age_days: number | null;
  readonly dso_90d: number | null;
  readonly best_possible_dso: number | null;
  readonly add: number | null;
  readonly dso_countback: number | null;
  readonly cei: number | null;
  readonly avg_days_to_pay: number | null;
  readonly avg_days_late: number | null;
  readonly on_time_share: number | null;
  /** Open amount in payment plans active at D, and promised at D (commitments.ts): parts of open_ar. */
  readonly in_payment_plan_amount: string;
  readonly promised_amount: string;
}

/** Shares are fractions rounded to 4 decimals; days, DSO and CEI to 2; both half away from zero. */
const SHARE = 4;
const DAYS = 2;

/**
 * Turns exact totals into the reported KPIs: amounts as decimal strings in the currency's units, every ratio
 * rounded once from its exact value, null where a denominator is zero.
 * @example buildCurrencyKpis(usdTotalsAtMarch31, '2026-03-31').dso_90d // 41.25
 */
export function buildCurrencyKpis(t: KpiTotals, asOf: CalendarDate): CurrencyKpis {
  const money = (minor: bigint) => formatAmount(minor, t.currency);
  const { open, disputes, paid } = t;
  const periods = countbackPeriods(asOf, t.countbackSales.length).map((p, k) => ({ sales: t.countbackSales[k]!, days: p.days }));
  return {
    currency: t.currency,
    open_ar: money(open.openAr),
    open_count: Number(open.openCount),
    overdue_count: Number(open.overdueCount),
    overdue_amount: money(open.overdueAmount),
    overdue_share_count: roundedNumber(ratio(open.overdueCount, open.openCount), SHARE),
    overdue_share_amount: roundedNumber(ratio(open.overdueAmount, open.openAr), SHARE),
    aging: {
      current: money(open.aging.current),
      '1_30': money(open.aging.d1_30),
      '31_60': money(open.aging.d31_60),
      '61_90': money(open.aging.d61_90),
      '91_plus': money(open.aging.d91_plus),
    },
    disputed_count: Number(disputes.disputedCount),
    disputed_amount: money(disputes.disputedAmount),
    avg_dispute_age_days: roundedNumber(ratio(disputes.openDisputeAgeDays, disputes.openDisputes), DAYS),
    dso_90d: roundedNumber(dso90d(open.openAr, t.sales90d), DAYS),
    best_possible_dso: roundedNumber(bestPossibleDso(open.openAr, open.overdueAmount, t.sales90d), DAYS),
    add: roundedNumber(averageDaysDelinquent(open.overdueAmount, t.sales90d), DAYS),
    dso_countback: roundedNumber(dsoCountback(open.openAr, periods, t.hasSales24m), DAYS),
    cei: roundedNumber(collectionEffectiveness({
      openArAtStart: t.ceiOpenArAtStart, sales: t.ceiSales, openAr: open.openAr, overdueAmount: open.overdueAmount,
    }), DAYS),
    avg_days_to_pay: roundedNumber(ratio(paid.daysToPay, paid.paidCount), DAYS),
    avg_days_late: roundedNumber(ratio(paid.daysLate, paid.paidCount), DAYS),
    on_time_share: roundedNumber(ratio(paid.onTime, paid.paidCount), SHARE),
    in_payment_plan_amount: money(t.commitments?.inPaymentPlan ?? 0n),
    promised_amount: money(t.commitments?.promised ?? 0n),
  };
}
