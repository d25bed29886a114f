import type { NewAlert } from '../domain/alerts.js';
import type { DisputableInvoice } from '../domain/customer-dispute.js';

export interface NewCustomerDispute {
  readonly externalId: string;
  readonly invoiceId: bigint;
  readonly reason: string;
  readonly openedAt: Date;
}

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: bigint | null;
  readonly details: Record<string, unknown>;
}

/** What the dispute use case does inside its one transaction. */
export interface CustomerDisputeUnit {
  /** Loads the invoice and holds it until the transaction ends, so two submissions cannot both open a dispute. */
  lockInvoice(invoiceId: bigint): Promise<DisputableInvoice | null>;
  /** Inserts a dispute with status to_clarify and source customer_link; returns its id. */
  insertDispute(d: NewCustomerDispute): Promise<bigint>;
  audit(entry: AuditEntry): Promise<void>;
  /** False when an alert with the same dedupe key exists. */
  raiseAlert(alert: NewAlert): Promise<boolean>;
}

export interface CustomerDisputeStore {
  /** For showing the page: no lock, no write. */
  findInvoice(invoiceId: bigint): Promise<DisputableInvoice | null>;
  /** Runs `work` in one transaction: all of it is written, or none. */
  unit<T>(work: (u: CustomerDisputeUnit) => Promise<T>): Promise<T>;
}
