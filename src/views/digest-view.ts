import type { CalendarDate } from '../domain/calendar-date.js';
import type { DisputeStatus } from '../domain/disputes/dispute-status.js';
import type { CurrencyKpis } from '../domain/kpi/currency-kpis.js';

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
