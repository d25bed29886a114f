import type { ContactEmail, SentEmail } from '../../src/domain/replies/bounce-events.js';
import type { BounceReplyStore } from '../../src/ports/bounce-replies.js';
import type { Sql } from './connect.js';

interface EmailRow { email_id: bigint; customer_id: bigint; recipients: string[] }

const sentEmail = (r: EmailRow): SentEmail => ({
  emailId: r.email_id, customerId: r.customer_id, recipients: [...new Set(r.recipients.map((a) => a.toLowerCase()))],
});

async function emailByMessageId(sql: Sql, messageId: string): Promise<SentEmail | null> {
  const [row] = await sql<EmailRow[]>`
    SELECT id AS email_id, customer_id, to_emails || cc_emails AS recipients
    FROM reminder_emails WHERE message_id = ${messageId}`;
  return row ? sentEmail(row) : null;
}

async function contactEmails(sql: Sql, address: string, sentBy: Date): Promise<ContactEmail[]> {
  // billing_emails are stored lower case (the import folds them); to_emails and cc_emails are compared folded.
  const rows = await sql<{ customer_id: bigint; email_id: bigint | null; recipients: string[] | null }[]>`
    SELECT c.id AS customer_id, e.id AS email_id, e.to_emails || e.cc_emails AS recipients
    FROM customers c
    LEFT JOIN LATERAL (
      SELECT r.id, r.to_emails, r.cc_emails FROM reminder_emails r
      WHERE r.customer_id = c.id AND r.status = 'sent' AND r.sent_at <= ${sentBy}
        AND EXISTS (SELECT 1 FROM unnest(r.to_emails || r.cc_emails) AS a(email) WHERE lower(a.email) = ${address})
      ORDER BY r.sent_at DESC, r.id DESC LIMIT 1
    ) e ON true
    WHERE c.billing_emails @> ARRAY[${address}]::text[]
    ORDER BY c.id`;
  return rows.map((r) => ({
    customerId: r.customer_id,
    email: r.email_id === null ? null : sentEmail({ email_id: r.email_id, customer_id: r.customer_id, recipients: r.recipients ?? [] }),
  }));
}

/** Reminder emails a bounce may return (reminder_emails, customers). Read-only: the bounce is recorded as an event. */
export function postgresBounceReplyStore(sql: Sql): BounceReplyStore {
  return {
    emailByMessageId: (messageId) => emailByMessageId(sql, messageId),
    contactEmails: (address, sentBy) => contactEmails(sql, address, sentBy),
  };
}
