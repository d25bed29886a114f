import type { DisputeStatus } from '../domain/disputes/dispute-status.js';
import type { InvoiceFacts, OwnerRef } from './alert-view.js';

/** Everything `/ar <customer>` shows about one customer, formatted for display by the service. */
export interface CustomerOverview {
  readonly customerName: string;
  readonly customerExternalId: string;
  readonly segment: InvoiceFacts['segment'];
  readonly strategic: boolean;
  readonly owners: { readonly sales: OwnerRef | null; readonly delivery: OwnerRef | null };
  /** Per currency, never added across currencies: formatted amounts, e.g. "€12,000.00". */
  readonly totals: readonly { readonly currency: string; readonly amountDue: string; readonly overdue: string }[];
  /** Open invoices in the order to show them (most overdue first, say). */
  readonly openInvoices: readonly {
    readonly invoiceId: string;
    readonly number: string;
    readonly amountDue: string;
    readonly dueDate: string;
    readonly daysOverdue: number;
  }[];
  readonly disputes: readonly {
    readonly disputeId: string;
    readonly invoiceNumber: string;
    readonly reason: string;
    readonly status: DisputeStatus;
    readonly owner: OwnerRef | null;
    readonly ageDays: number;
  }[];
  readonly promises: readonly { readonly invoiceNumber: string; readonly date: string; readonly amount: string | null }[];
  /** Most recent first. */
  readonly lastReminders: readonly { readonly step: string; readonly sentAt: string; readonly tracking: string; readonly invoiceNumbers: readonly string[] }[];
  readonly onHoldUntil: string | null;
}

/** A customer that matched the `/ar` search. */
export interface CustomerMatch {
  readonly customerExternalId: string;
  readonly customerName: string;
  readonly segment: InvoiceFacts['segment'];
  readonly strategic: boolean;
}
