import type { CalendarDate } from '../domain/calendar-date.js';
import type { Parties } from '../domain/rights/chat-rights.js';

/** in_doubt (migration 033): stated in a reminder email whose send ended in doubt; neither re-stated nor exported. */
export type FeeDecisionStatus = 'claimed' | 'awaiting_approval' | 'refused' | 'waived' | 'sent' | 'in_doubt';

/** A customer as the fee decisions need it: its ERP id (to compute the proposals) and the rights policy's parties. */
export interface FeeCustomer {
  readonly id: bigint;
  readonly externalId: string;
  readonly parties: Parties;
}

/** The live decision on one invoice (a refused claim is not live). */
export interface LiveFeeDecision {
  readonly invoiceExternalId: string;
  readonly status: FeeDecisionStatus;
  readonly decidedBy: string;
}

/** The last refused claim on an invoice with no live decision: who refused it and why (null: refused before reasons). */
export interface RefusedFeeClaim {
  readonly invoiceExternalId: string;
  readonly refusedBy: string;
  readonly reason: string | null;
}

/** What a finance approver's decision did: how many claims, and the approval alerts that showed them (to redraw). */
export interface DecidedFeeClaims {
  readonly decided: number;
  readonly alertIds: readonly bigint[];
}

/** One invoice's decision to record, with the amounts proposed at that moment. */
export interface NewFeeDecision {
  readonly invoiceExternalId: string;
  readonly status: 'claimed' | 'awaiting_approval' | 'waived';
  readonly compensationMinor: bigint;
  readonly interestMinor: bigint;
  readonly currency: string;
  readonly rule: string;
  readonly legalBasis: string;
  /** For a claim on a top or strategic account decided by a finance approver: approved at once, by them. */
  readonly approvedBy: string | null;
}

/** A decision the ERP invoices: a claim (approved where needed), stated in an email or not yet. */
export interface ExportableFee {
  readonly id: bigint;
  readonly customerExternalId: string;
  readonly invoiceNumber: string;
  readonly currency: string;
  readonly compensationMinor: bigint;
  readonly interestMinor: bigint;
  readonly rule: string;
  readonly legalBasis: string;
  readonly decidedBy: string;
  readonly decidedAt: Date;
  readonly approvedBy: string | null;
  readonly status: 'claimed' | 'sent';
  /** The day the invoice was paid (settled by a payment), null while unpaid: a claim survives the payment. */
  readonly paidOn: CalendarDate | null;
  /** The days late the amounts were computed on (the decision's day − the due date). */
  readonly daysLate: number;
}

/** A person's word on claims whose email ended in doubt: the customer was told (sent) or not (claimed again). */
export type DoubtResolution = 'told' | 'not_told';

/** Reads and writes of the fee decisions (migration 024). Each write appends its audit row in the same transaction. */
export interface FeeDecisionStore {
  customer(customerId: bigint): Promise<FeeCustomer | null>;
  customerIdOf(externalId: string): Promise<bigint | null>;
  liveDecisions(customerId: bigint): Promise<LiveFeeDecision[]>;
  /** The latest refused claim of each invoice of the customer that has no live decision since. */
  refusals(customerId: bigint): Promise<RefusedFeeClaim[]>;
  /**
   * Records the decisions of one click, all or none; an invoice decided meanwhile by someone else is skipped (the
   * one-live-decision index). Returns how many were recorded. Claims recorded awaiting approval raise one
   * `fee_claim_approval` alert for finance in the same transaction.
   */
  record(customerId: bigint, decision: 'claim' | 'waive', rows: readonly NewFeeDecision[], asOf: CalendarDate,
    reason: string | null, actor: { readonly ownerId: bigint; readonly label: string }): Promise<number>;
  /** Approves or refuses (with the reason) the customer's claims awaiting approval, audited with the reason. */
  decideAwaiting(customerId: bigint, decision: 'approved' | 'refused', actor: string, reason: string | null): Promise<DecidedFeeClaims>;
  /** Claimed or sent decisions never exported, decided on or after `since` (null: all), oldest first. */
  exportable(since: CalendarDate | null): Promise<ExportableFee[]>;
  /** Marks these decisions exported in one batch; returns how many were still unexported. */
  markExported(ids: readonly bigint[], batch: string, actor: string): Promise<number>;
  /**
   * Settles the customer's in-doubt claims (those of one invoice number, or all): told → sent as of now; not told →
   * claimed again, for the next email. Audited (`fees.doubt_resolved`); returns how many.
   */
  resolveInDoubt(customerId: bigint, invoiceNumber: string | null, resolution: DoubtResolution, actor: string): Promise<number>;
}
