import type { LedgerKind, RowsByKind } from '../domain/import/ledger-rows.js';
import type { MatchCandidate, MatchRule } from '../domain/payment-matching.js';

/** A validated row and where it came from: a CSV line number, or an item index of a JSON body. */
export interface Positioned<T> {
  readonly pos: number;
  readonly row: T;
}

export interface RowReject {
  readonly pos: number;
  readonly column: string;
  readonly reason: string;
}

/** A payment (or its remainder) that no rule could allocate; finance matches it by hand. */
export interface UnmatchedPayment {
  readonly pos: number;
  readonly external_id: string;
  readonly customer_external_id: string;
  readonly currency: string;
  readonly unallocated_minor: bigint;
  readonly reason: string;
}

/**
 * Money taken back from an invoice because an imported change left it where it no longer fits (the ledger's
 * invariants, migration 011): the row imported (`pos`, `external_id`: an invoice or a payment), which payment gave
 * back how much to which invoice, and why. The payment's money is then matched again with the usual rules.
 */
export interface ReleasedAllocation {
  readonly pos: number;
  readonly external_id: string;
  readonly payment_external_id: string;
  readonly invoice_external_id: string;
  readonly invoice_number: string;
  readonly released_minor: bigint;
  readonly currency: string;
  readonly reason: string;
}

export interface BatchOutcome {
  inserted: number;
  updated: number;
  rejected: RowReject[];
  unmatched: UnmatchedPayment[];
  /** Allocations released by the batch's updates (invoices and payments only). */
  released?: ReleasedAllocation[];
}

/**
 * What a batch's upsert stored. `rematch` lists the payments whose unallocated money the import matches again in
 * the same unit of work: every payment of a payments batch (its invoice may have arrived since), and those whose
 * allocations an invoice update released.
 */
export interface StoredBatch extends Omit<BatchOutcome, 'unmatched'> {
  rematch?: readonly PaymentToMatch[];
}

/** A payment to match again, at the position of the imported row that brought it here (its own, or an invoice's). */
export interface PaymentToMatch {
  readonly externalId: string;
  readonly pos: number;
}

/** A payment with money not yet allocated to any invoice. */
export interface UnallocatedPayment {
  readonly id: bigint;
  readonly external_id: string;
  readonly customer_external_id: string;
  readonly customer_id: bigint;
  readonly currency: string;
  readonly unallocated_minor: bigint;
  readonly reference: string | null;
  readonly invoice_number: string | null;
  /** YYYY-MM-DD: decides whether the payment is within an invoice's early-payment discount window. */
  readonly received_date: string;
}

/** Money of a payment allocated to an invoice, and the matching rule that chose it. */
export interface Allocation {
  readonly paymentId: bigint;
  readonly invoiceId: bigint;
  readonly amount: bigint;
  readonly rule: MatchRule;
  /** The early-payment discount this payment earned on the invoice (stored with the allocation, same transaction). */
  readonly discount?: { readonly amount: bigint; readonly bp: number; readonly days: number };
}

/** What invoices a payment might settle: those its numbers name, or (without an invoice number) its exact amount. */
export interface CandidateQuery {
  readonly customerId: bigint;
  readonly currency: string;
  readonly amount: bigint;
  readonly numbers: readonly string[];
  readonly hasInvoiceNumber?: boolean;
  /** YYYY-MM-DD: also asks for invoices whose early-payment discounted amount equals the payment on that day. */
  readonly receivedDate?: string;
}

export interface ImportContext {
  readonly actor: string;
  readonly runId: bigint;
  /** Customers without a time zone get the company's. */
  readonly defaultTimezone: string;
}

/** Writes one batch of valid rows of a kind; rows whose references do not resolve come back rejected. */
export type UpsertBatch = <K extends LedgerKind>(
  kind: K,
  batch: readonly Positioned<RowsByKind[K]>[],
  ctx: ImportContext,
) => Promise<StoredBatch>;

/** The steps of payment allocation, in the unit of work that stored the batch (src/services/allocate-payments.ts). */
export interface AllocationSteps {
  /** Payments among `externalIds` with money not yet allocated to any invoice. */
  unallocatedPayments(externalIds: readonly string[]): Promise<UnallocatedPayment[]>;
  /** Invoices the payments might settle, with what each still owes, by customer id. */
  matchCandidates(wanted: readonly CandidateQuery[]): Promise<ReadonlyMap<bigint, readonly MatchCandidate[]>>;
  insertAllocations(allocations: readonly Allocation[], ctx: ImportContext): Promise<void>;
}

/** One unit of work of an import: one transaction, in which a batch is stored and its payments matched again. */
export interface ImportUnit extends AllocationSteps {
  readonly upsert: UpsertBatch;
}

/** The store an import runs against: one unit of work per batch, or one for everything on a dry run. */
export interface LedgerImportStore {
  startRun(source: string, actor: string): Promise<bigint>;
  finishRun(runId: bigint, summary: unknown): Promise<void>;
  /** Refreshes the planner's statistics after a large load, so the next source's lookups use indexes. */
  analyze?(kind: LedgerKind): Promise<void>;
  /** Runs `work` in a transaction; with `rollback`, undoes it all at the end (dry runs). */
  unit<T>(work: (unit: ImportUnit) => Promise<T>, opts?: { rollback?: boolean }): Promise<T>;
}
