/** Why a customer disputes an invoice, as offered on the dispute page. */
export const customerDisputeReasons = ['not_received', 'wrong_amount', 'missing_reference', 'quality_issue', 'other'] as const;
export type CustomerDisputeReason = (typeof customerDisputeReasons)[number];

export const customerDisputeReasonLabels: Readonly<Record<CustomerDisputeReason, string>> = {
  not_received: 'Not received',
  wrong_amount: 'Wrong amount',
  missing_reference: 'Missing PO or reference',
  quality_issue: 'Quality issue',
  other: 'Other',
};

/** Longest comment the form takes, in UTF-16 code units (what the browser's maxlength counts). */
export const customerCommentMaxLength = 2000;

/** What an invoice looks like to the dispute page: enough to show it and to decide. */
export interface DisputableInvoice {
  readonly invoiceId: bigint;
  readonly invoiceExternalId: string;
  readonly number: string;
  readonly clientReference: string | null;
  readonly poNumber: string | null;
  readonly currency: string;
  readonly amountMinor: bigint;
  /** Amount less allocated payments and credit notes. */
  readonly dueMinor: bigint;
  readonly dueDate: string;
  readonly customerId: bigint;
  readonly customerExternalId: string;
  readonly customerName: string;
  readonly locale: string;
  /** The open dispute (status to_clarify or awaiting_client), if any. */
  readonly openDisputeId: bigint | null;
}

export type DisputeDecision = 'open' | 'already_open' | 'paid';

/**
 * Whether a customer's submission opens a dispute. An open dispute absorbs further submissions (one dispute per
 * invoice at a time); an invoice settled in full has nothing left to dispute.
 * @example decideCustomerDispute({ ...inv, dueMinor: 0n, openDisputeId: null }) // "paid"
 */
export function decideCustomerDispute(inv: Pick<DisputableInvoice, 'dueMinor' | 'openDisputeId'>): DisputeDecision {
  if (inv.openDisputeId !== null) return 'already_open';
  if (inv.dueMinor <= 0n) return 'paid';
  return 'open';
}

/**
 * Tidies a comment: line breaks as \n, no control characters other than tab and newline, no outer blanks.
 * @example normalizeCustomerComment('  Hi\r\nthere\u0000 ') // "Hi\nthere"
 */
export function normalizeCustomerComment(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
}

/**
 * The dispute's reason as people read it in chat and reports.
 * @example customerDisputeReasonText('wrong_amount', 'We agreed 900') // "Wrong amount: We agreed 900"
 * @example customerDisputeReasonText('not_received', '')             // "Not received"
 */
export function customerDisputeReasonText(reason: CustomerDisputeReason, comment: string): string {
  const label = customerDisputeReasonLabels[reason];
  return comment === '' ? label : `${label}: ${comment}`;
}

/**
 * The external id of a dispute opened from the link: unique per invoice and instant.
 * @example customerDisputeExternalId('INV-EXT-7', new Date('2026-03-02T10:00:00Z')) // "link:INV-EXT-7:2026-03-02T10:00:00.000Z"
 */
export function customerDisputeExternalId(invoiceExternalId: string, now: Date): string {
  return `link:${invoiceExternalId}:${now.toISOString()}`;
}
