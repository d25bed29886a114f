import type { ApprovalFacts, DisputeFacts, InvoiceFacts } from './alert-view.js';

/** One of my customers with overdue money. */
export interface OverdueAccount {
  readonly customerName: string;
  readonly customerExternalId: string;
  readonly segment: InvoiceFacts['segment'];
  readonly strategic: boolean;
  /** Overdue amount per currency, formatted ("€4,000.00"), never added across currencies. */
  readonly overdue: readonly string[];
  readonly overdueInvoices: number;
  readonly oldestDaysOverdue: number;
}

/** The App Home "my queue" of one person. */
export interface HomeQueue {
  /** Disputes I own. */
  readonly disputes: readonly DisputeFacts[];
  /** Pending approvals I may decide. */
  readonly approvals: readonly ApprovalFacts[];
  readonly overdueAccounts: readonly OverdueAccount[];
  /** When the queue was read (ISO instant), shown as "updated …". */
  readonly asOf: string;
}
