import type { CalendarDate } from '../domain/calendar-date.js';
import type { DisputeStatus } from '../domain/disputes/dispute-status.js';
import type { CurrencyKpis } from '../domain/kpi/currency-kpis.js';
import type { TrendPoint } from '../domain/kpi/kpi-trend.js';
import type { DigestPlanFigures } from './plan-view.js';

/** The weekly digest to finance: the KPIs and how they moved, the week's activity, and disputes by age. */
export interface WeeklyDigest {
  /** The last day of the week covered, and the day before its first (the comparison date): asOf − 7. */
  readonly asOf: CalendarDate;
  readonly weekAgo: CalendarDate;
  /** Per currency: the KPIs at asOf, and a week earlier (null when the currency had nothing then). */
  readonly currencies: readonly { readonly now: CurrencyKpis; readonly weekAgo: CurrencyKpis | null }[];
  /** What happened in the week (weekAgo, asOf], company days. */
  readonly activity: {
    readonly disputesOpened: number;
    readonly disputesClosed: number;
    readonly promisesLogged: number;
    readonly promisesBroken: number;
    readonly remindersSent: number;
    /** Formatted amounts received, per currency ("€12,000.00"). */
    readonly paymentsReceived: readonly string[];
  };
  /**
   * Customer replies in the week (weekAgo, asOf]. Absent from digests stored before replies were counted (a stored
   * digest is a snapshot, never recomputed): renderers then leave the line out.
   */
  readonly replies?: DigestReplies;
  /**
   * Payment plans per currency (src/domain/plans/plan-week.ts says what each figure counts); currencies without a plan
   * left out. Absent from digests stored before plans were counted: renderers then leave the section out, as when empty.
   */
  readonly plans?: readonly DigestPlanFigures[];
  /**
   * The 12-month DSO and overdue-share chart as of asOf (every currency), with the figures its alt text states.
   * Absent when the digest was raised without a public address for charts, and from digests stored before.
   */
  readonly chart?: DigestChart;
  /** Open disputes at the end of asOf, by age: under 48 hours, 2–7 days, 7–30 days, over 30 days. */
  readonly disputeAges: readonly { readonly label: string; readonly count: number }[];
  /** The oldest open disputes, oldest first. */
  readonly oldestDisputes: readonly {
    readonly customerName: string;
    readonly invoiceNumber: string;
    readonly ageDays: number;
    readonly status: DisputeStatus;
    readonly ownerName: string | null;
    readonly amountDue: string;
  }[];
}

/**
 * The week's customer replies. `received`: human replies received in the week, matched to a customer or not
 * (auto-replies and bounces excluded). `answered`: replies dealt with in the week (answered, turned into a promise
 * or a dispute, reminders resumed, or marked done), whenever they were received: so a reply from last Friday handled
 * on Monday counts in Monday's week, and the median is over the same replies.
 */
export interface DigestReplies {
  readonly received: number;
  readonly answered: number;
  /** Median hours from received to dealt with over the `answered` replies (one decimal); null when none. */
  readonly medianHoursToAnswer: number | null;
}

/** The digest's trend chart: where chat loads it, and its month-end figures per currency (for the alt text). */
export interface DigestChart {
  readonly url: string;
  readonly trend: readonly { readonly currency: string; readonly points: readonly TrendPoint[] }[];
}
