import type { DisputeStatus } from '../domain/disputes/dispute-status.js';
import type { PlanFacts } from '../domain/plans/plan-facts.js';
import type { WeeklyDigest } from '../views/digest-view.js';

export interface WeekActivity {
  readonly disputesOpened: number;
  readonly disputesClosed: number;
  readonly promisesLogged: number;
  readonly promisesBroken: number;
  readonly remindersSent: number;
  readonly paymentsReceived: readonly { readonly currency: string; readonly amountMinor: bigint }[];
}

/** The week's customer replies as stored (see DigestReplies in src/views/digest-view.ts for what counts). */
export interface WeekReplies {
  readonly received: number;
  /** Seconds from received to dealt with, one per reply dealt with in the week. */
  readonly answerSeconds: readonly number[];
}

export interface OpenDispute {
  readonly customerName: string;
  readonly invoiceNumber: string;
  readonly openedAt: Date;
  readonly status: DisputeStatus;
  readonly ownerName: string | null;
  readonly currency: string;
  readonly amountMinor: bigint;
}

/** What the weekly digest reads beyond the KPIs, and where it is queued for posting. */
export interface DigestStore {
  /** Activity between two instants: (from, to]. */
  weekActivity(from: Date, to: Date): Promise<WeekActivity>;
  /** Customer replies between two instants: (from, to]. */
  weekReplies(from: Date, to: Date): Promise<WeekReplies>;
  /** Payment plans started by `to` and still active after `from` (ended after it, or not ended), as of `to`. */
  weekPlans(from: Date, to: Date): Promise<PlanFacts[]>;
  /** Disputes open at `at`, oldest first. */
  openDisputes(at: Date): Promise<OpenDispute[]>;
  /** Queues the digest as a finance alert, once per as-of date; false when that week's digest exists already. */
  queue(digest: WeeklyDigest, raisedAt: Date): Promise<boolean>;
  /** When the latest digest was raised (null: never). */
  lastQueuedAt(): Promise<Date | null>;
}
