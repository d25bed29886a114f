/**
 * What arbot tells people about, in chat. Each alert has a dedupe key, so raising the same fact twice
 * (a retried webhook, a second engine) posts it once.
 */
export const alertKinds = [
  'invoice_overdue', 'delivery_blocker', 'dispute_opened', 'dispute_sla_breached', 'email_bounced', 'email_failed', 'email_in_doubt',
  'promise_broken', 'approval_requested', 'payment_unmatched', 'invoice_incomplete', 'approval_reminder', 'weekly_digest',
  'change_requested',
] as const;
export type AlertKind = (typeof alertKinds)[number];

export interface NewAlert {
  readonly kind: AlertKind;
  /** Identifies the fact: e.g. `email_bounced:ap@acme.example:<sg_event_id>`. */
  readonly dedupeKey: string;
  readonly customerId?: bigint | null;
  readonly invoiceId?: bigint | null;
  readonly disputeId?: bigint | null;
  readonly emailId?: bigint | null;
  readonly details?: Record<string, unknown>;
  /** When the fact happened (the as-of instant of the job or the event), not when the row is written. */
  readonly raisedAt: Date;
}
