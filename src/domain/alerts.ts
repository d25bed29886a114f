/**
 * What arbot tells people about, in chat. Each alert has a dedupe key, so raising the same fact twice
 * (a retried webhook, a second engine) posts it once.
 */
export const alertKinds = [
  'invoice_overdue', 'delivery_blocker', 'dispute_opened', 'dispute_sla_breached', 'email_bounced', 'email_failed', 'email_in_doubt',
  'promise_broken', 'approval_requested', 'payment_unmatched', 'invoice_incomplete', 'approval_reminder', 'weekly_digest',
  'change_requested',
  'credit_note_awaited',
  'import_run_review',
  'customer_reply', 'reply_unmatched',
  'monthly_review',
  'credit_threshold', 'credit_overdue',
  'bank_details_change',
  'plan_request', 'plan_broken',
  'customer_promise',
  'fee_claim_approval',
] as const;
export type AlertKind = (typeof alertKinds)[number];

/**
 * How soon an alert is posted when many wait: 1 before 2 before 3, oldest first within a tier. A customer waiting
 * (a dispute, its SLA, a bounced or failed reminder, an approval holding a reminder back) comes before what a
 * person acts on at their pace (overdue, blockers, incomplete invoices), and both before what only informs
 * (an import run's unmatched payments, the weekly digest): one large import never holds a dispute back.
 */
export type AlertPriority = 1 | 2 | 3;

const priorities: Readonly<Record<AlertKind, AlertPriority>> = {
  dispute_opened: 1, dispute_sla_breached: 1, email_bounced: 1, email_failed: 1, email_in_doubt: 1,
  approval_requested: 1, approval_reminder: 1, change_requested: 1, customer_reply: 1,
  promise_broken: 2, credit_note_awaited: 2, invoice_overdue: 2, delivery_blocker: 2, invoice_incomplete: 2, reply_unmatched: 2,
  payment_unmatched: 3, import_run_review: 3, weekly_digest: 3,
  monthly_review: 3,
  // A customer near or over its credit limit, or long overdue: acted on at people's pace, like an overdue invoice.
  credit_threshold: 2, credit_overdue: 2,
  // A change of where customers pay waits on it: emails show the old details until it is decided.
  bank_details_change: 1,
  plan_request: 1, plan_broken: 2,
  // A promise the customer made on the portal: the sales owner hears of it at once, like a dispute from the page.
  customer_promise: 1,
  // A claim of late-payment charges on a top or strategic account: nothing is claimed until a finance approver decides.
  fee_claim_approval: 1,
};

/**
 * The priority an alert of `kind` is stored with (alerts.priority, which the outbox claims by). The one home of
 * this rule: every writer of alerts passes it; migration 013 copied it once for the rows already queued.
 * @example alertPriority('dispute_opened') // 1
 * @example alertPriority('import_run_review') // 3
 */
export function alertPriority(kind: AlertKind): AlertPriority {
  return priorities[kind];
}

export interface NewAlert {
  readonly kind: AlertKind;
  /** Identifies the fact: e.g. `email_bounced:ap@acme.example:<sg_event_id>`. */
  readonly dedupeKey: string;
  readonly customerId?: bigint | null;
  readonly invoiceId?: bigint | null;
  readonly disputeId?: bigint | null;
  readonly emailId?: bigint | null;
  /** A customer reply (inbound_replies.id), for customer_reply and reply_unmatched. */
  readonly replyId?: bigint | null;
  readonly details?: Record<string, unknown>;
  /** When the fact happened (the as-of instant of the job or the event), not when the row is written. */
  readonly raisedAt: Date;
}
