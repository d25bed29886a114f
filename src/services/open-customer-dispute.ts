import {
  customerDisputeExternalId,
  customerDisputeReasonText,
  decideCustomerDispute,
  type CustomerDisputeReason,
  type DisputableInvoice,
} from '../domain/customer-dispute.js';
import type { CustomerDisputeStore } from '../ports/customer-disputes.js';

export interface CustomerDisputeRequest {
  readonly invoiceId: bigint;
  readonly reason: CustomerDisputeReason;
  /** Already normalized (normalizeCustomerComment) and within customerCommentMaxLength. */
  readonly comment: string;
}

export type CustomerDisputeOutcome =
  | { readonly outcome: 'opened'; readonly disputeId: bigint; readonly invoice: DisputableInvoice }
  | { readonly outcome: 'already_open'; readonly disputeId: bigint; readonly invoice: DisputableInvoice }
  | { readonly outcome: 'paid'; readonly invoice: DisputableInvoice }
  | { readonly outcome: 'unknown_invoice' };

/**
 * A customer disputes an invoice from the link in a reminder. In one transaction: opens a dispute (status
 * to_clarify, which by itself pauses the cadence), audits it as the customer and raises a dispute_opened alert.
 * With a dispute already open, opens none and keeps the customer's words as an audit row on that dispute.
 */
export async function openCustomerDispute(
  store: CustomerDisputeStore,
  req: CustomerDisputeRequest,
  now: Date,
): Promise<CustomerDisputeOutcome> {
  return store.unit(async (u) => {
    const invoice = await u.lockInvoice(req.invoiceId);
    if (!invoice) return { outcome: 'unknown_invoice' };
    const actor = `customer:${invoice.customerExternalId}`;
    const reasonText = customerDisputeReasonText(req.reason, req.comment);
    const decision = decideCustomerDispute(invoice);
    if (decision === 'paid') return { outcome: 'paid', invoice };
    if (decision === 'already_open') {
      const disputeId = invoice.openDisputeId!;
      await u.audit({
        actor, action: 'dispute.customer_comment', entity: 'dispute', entityId: disputeId,
        details: { via: 'customer_link', invoice_id: invoice.invoiceId.toString(), reason_code: req.reason, reason: reasonText, at: now.toISOString() },
      });
      return { outcome: 'already_open', disputeId, invoice };
    }
    const disputeId = await u.insertDispute({
      externalId: customerDisputeExternalId(invoice.invoiceExternalId, now),
      invoiceId: invoice.invoiceId,
      reason: reasonText,
      openedAt: now,
    });
    await u.audit({
      actor, action: 'dispute.opened', entity: 'dispute', entityId: disputeId,
      details: { via: 'customer_link', invoice_id: invoice.invoiceId.toString(), invoice_external_id: invoice.invoiceExternalId, reason_code: req.reason },
    });
    await u.raiseAlert({
      kind: 'dispute_opened',
      dedupeKey: `dispute_opened:${disputeId}`,
      customerId: invoice.customerId,
      invoiceId: invoice.invoiceId,
      disputeId,
      details: { source: 'customer_link', reason_code: req.reason, invoice_number: invoice.number },
      raisedAt: now,
    });
    return { outcome: 'opened', disputeId, invoice };
  });
}
