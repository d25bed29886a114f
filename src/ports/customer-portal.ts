import type { NewAlert } from '../domain/alerts.js';
import type { EarlyPaymentOffer } from '../domain/fees/early-payment-discount.js';
import type { PromisableInvoice } from '../domain/portal-promise.js';
import type { CustomerSegment, TermsPolicy } from '../domain/rights/terms-policy.js';
import type { AuditEntry } from './customer-disputes.js';

/** One open invoice on the customer's portal, with what the customer should know of its state. */
export interface PortalInvoice extends PromisableInvoice {
  readonly number: string;
  readonly clientReference: string | null;
  readonly payUrl: string | null;
  /** The invoice's proof of delivery (invoices.proof_url, from the import), when there is one. */
  readonly proofUrl: string | null;
  /** A dispute on it is open. */
  readonly disputed: boolean;
  /** The latest active promise to pay on it. */
  readonly promise: { readonly date: string; readonly amountMinor: bigint | null } | null;
  /** In an active payment plan. */
  readonly inPlan: boolean;
  /** In a payment plan requested and not yet decided. */
  readonly planRequested: boolean;
  /** A dispute closed as credit_note_issued and the credit note is not in the ledger yet. */
  readonly creditNoteAnnounced: boolean;
  /** The early-payment discount still open on the customer's day (pay `payMinor` by `endsOn`), else null. */
  readonly earlyPayment: EarlyPaymentOffer | null;
}

/** An active payment plan of the customer, with each instalment's progress (payments since it started). */
export interface PortalPlan {
  readonly planId: bigint;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly invoiceNumbers: readonly string[];
  readonly instalments: readonly { readonly dueDate: string; readonly amountMinor: bigint; readonly remainingMinor: bigint }[];
}

export interface CustomerPortal {
  readonly customerId: bigint;
  readonly customerExternalId: string;
  readonly customerName: string;
  /** BCP 47: the page's language and formats. */
  readonly locale: string;
  readonly timezone: string;
  /** The customer's segment: which promise limit of the terms policy applies (terms-policy.ts); unknown: company-wide. */
  readonly segment?: CustomerSegment | null;
  readonly keyVersion: number;
  /** Every invoice still owing something, issued by `now`'s day in the customer's time zone. */
  readonly invoices: readonly PortalInvoice[];
  /** Active payment plans, oldest first. */
  readonly plans: readonly PortalPlan[];
}

export interface NewPortalPromise {
  readonly invoiceId: bigint;
  readonly promisedDate: string;
  readonly amountMinor: bigint;
  readonly note: string;
  readonly createdBy: string;
}

/** What the portal's promise use case does inside its one transaction. */
export interface CustomerPortalUnit {
  /** The portal as of `now`, with the customer's row held until the transaction ends (rotation waits); null: unknown. */
  lockPortal(customerId: bigint, now: Date): Promise<CustomerPortal | null>;
  insertPromise(p: NewPortalPromise): Promise<bigint>;
  audit(entry: AuditEntry): Promise<void>;
  raiseAlert(alert: NewAlert): Promise<boolean>;
}

export interface CustomerPortalStore {
  /** The customer's current portal key version, or null for an unknown customer. */
  keyVersion(customerId: bigint): Promise<number | null>;
  /** For showing the page: no lock, no write. */
  findPortal(customerId: bigint, now: Date): Promise<CustomerPortal | null>;
  unit<T>(work: (u: CustomerPortalUnit) => Promise<T>): Promise<T>;
  /** The payment-term extension policy in force now (null: none loaded), read at each page and each promise. */
  termsPolicy(): Promise<TermsPolicy | null>;
}
