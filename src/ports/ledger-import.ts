import type { LedgerKind, RowsByKind } from '../domain/import/ledger-rows.js';

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
) => Promise<BatchOutcome>;

/** The store an import runs against: one unit of work per batch, or one for everything on a dry run. */
export interface LedgerImportStore {
  startRun(source: string, actor: string): Promise<bigint>;
  finishRun(runId: bigint, summary: unknown): Promise<void>;
  /** Refreshes the planner's statistics after a large load, so the next source's lookups use indexes. */
  analyze?(kind: LedgerKind): Promise<void>;
  /** Runs `work` in a transaction; with `rollback`, undoes it all at the end (dry runs). */
  unit<T>(work: (upsert: UpsertBatch) => Promise<T>, opts?: { rollback?: boolean }): Promise<T>;
}
