/** A customer as a statement email needs them. */
export interface StatementCustomer {
  readonly customerId: bigint;
  readonly externalId: string;
  readonly name: string;
  readonly locale: string;
  readonly timezone: string;
  readonly portalKeyVersion: number;
  /** Billing contacts not suppressed (bounced, unsubscribed), as the cadence picks them. */
  readonly to: readonly string[];
  /** The sales owner (the account manager): reply-to, and the signature. */
  readonly accountManager: { readonly name: string | null; readonly email: string } | null;
}

export interface StatementEmailRecord {
  readonly customerId: bigint;
  readonly requestedBy: string;
  readonly asOf: Date;
  readonly to: readonly string[];
  readonly invoiceCount: number;
  readonly outcome: { readonly status: 'sent'; readonly provider: string; readonly messageId: string | null } | { readonly status: 'failed'; readonly reason: string };
  /** Set for the monthly statement of a segment (the monthly-statements job): its month in the customer's zone, YYYY-MM. */
  readonly monthly?: { readonly month: string };
}

export interface StatementEmailStore {
  /** By external id (the CLI) or id (chat); null when no such customer. */
  findCustomer(ref: { readonly externalId: string } | { readonly customerId: bigint }): Promise<StatementCustomer | null>;
  /** Records the send (statement_emails) with its audit row; returns its id. Never a reminder: no step is claimed. */
  record(r: StatementEmailRecord): Promise<bigint>;
}
