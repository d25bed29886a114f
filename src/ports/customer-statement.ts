/** One open invoice on a customer's statement page. */
export interface StatementInvoice {
  readonly invoiceId: bigint;
  readonly number: string;
  readonly clientReference: string | null;
  readonly currency: string;
  /** Amount less allocated payments and credit notes, in minor units: always > 0 on a statement. */
  readonly dueMinor: bigint;
  /** YYYY-MM-DD. */
  readonly dueDate: string;
  readonly payUrl: string | null;
  /** A dispute on it is open: the customer already told us. */
  readonly underDispute: boolean;
}

export interface CustomerStatement {
  readonly customerId: bigint;
  readonly customerName: string;
  /** BCP 47, e.g. "fr-CA": the page's language and formats. */
  readonly locale: string;
  readonly timezone: string;
  readonly invoices: readonly StatementInvoice[];
}

export interface CustomerStatementStore {
  /**
   * The customer with every invoice still owing something, issued by `now`'s day in the customer's time zone, or
   * null for an unknown customer.
   */
  findStatement(customerId: bigint, now: Date): Promise<CustomerStatement | null>;
}
