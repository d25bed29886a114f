import type { CalendarDate } from '../calendar-date.js';

/** The charts arbot draws: the 12-month DSO and overdue-share trend, and the aging of open receivables. */
export const chartKinds = ['trend', 'aging'] as const;
export type ChartKind = (typeof chartKinds)[number];

/**
 * What one chart shows, as its signed id names it: the kind, the date it is drawn as of, an optional customer
 * segment, and the currency. The trend compares currencies (days and shares are comparable), so its currency may be
 * null for "every currency, one line each"; aging amounts of two currencies share no axis, so aging names one.
 */
export interface ChartSpec {
  readonly kind: ChartKind;
  readonly asOf: CalendarDate;
  readonly segment: string | null;
  readonly currency: string | null;
}
