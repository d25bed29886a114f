import type { CalendarDate } from '../calendar-date.js';
import type { Instalment } from './plan-schedule.js';

export type PlanStatus = 'requested' | 'proposed' | 'active' | 'completed' | 'broken' | 'refused' | 'declined' | 'cancelled';
export type PlanOrigin = 'owner' | 'customer';

/**
 * One payment plan as the views show it, read as of an instant: what it is, and what was paid towards it on `onDate`
 * (the customer's today, or the day it ended for a plan that has ended: a broken plan shows what was missed then).
 */
export interface PlanFacts {
  readonly planId: bigint;
  readonly customerId: bigint;
  readonly customerName: string;
  readonly customerExternalId: string;
  readonly currency: string;
  readonly status: PlanStatus;
  readonly origin: PlanOrigin;
  readonly totalMinor: bigint;
  /** Only a finance approver may decide it. */
  readonly needsFinanceApprover: boolean;
  readonly instalments: readonly Instalment[];
  /** Whether it ever started (approved): payments count towards it only then. */
  readonly started: boolean;
  /** The day `paidMinor` is measured on. */
  readonly onDate: CalendarDate;
  /** What the plan's invoices received since it was made, as of `onDate` (total − what they still owe). */
  readonly paidMinor: bigint;
  /** The customer's calendar day it was made on. */
  readonly createdOn: CalendarDate;
  /** When it ended (completed, broken, refused, cancelled); null while open. */
  readonly endedAt: Date | null;
}
