import type { EmailEventStore, EmailEventUnit, InsertedEmailEvent, NewSuppression } from '../../src/ports/email-events.js';
import type { EmailEvent } from '../../src/domain/sendgrid-events.js';
import { raiseAlert } from './alerts.js';
import type { Sql } from './connect.js';

async function insertNew(tx: Sql, events: readonly EmailEvent[]): Promise<InsertedEmailEvent[]> {
  if (events.length === 0) return [];
  const rows = await tx<{ sg_event_id: string; email_id: bigint | null; customer_id: bigint | null }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${events.map((e) => e.sgEventId)}::text[], ${events.map((e) => e.event)}::text[],
        ${events.map((e) => e.recipient)}::text[], ${events.map((e) => e.occurredAt.toISOString())}::text[]::timestamptz[],
        ${events.map((e) => e.reason)}::text[], ${events.map((e) => e.emailId?.toString() ?? null)}::text[]::int8[],
        ${events.map((e) => e.providerMessageId)}::text[]
      ) AS t(sg_event_id, event, recipient, occurred_at, reason, email_id, message_id)
    ), resolved AS (
      -- The custom arg names our email; without it (or naming none of ours), the provider's message id may.
      SELECT i.*, coalesce(
               (SELECT r.id FROM reminder_emails r WHERE r.id = i.email_id),
               (SELECT r.id FROM reminder_emails r WHERE i.message_id IS NOT NULL AND r.provider_message_id = i.message_id
                 ORDER BY r.id LIMIT 1)) AS our_email_id
      FROM input i
    ), ins AS (
      -- Sorted, so two deliveries of overlapping batches take the unique index's locks in the same order.
      INSERT INTO email_events (sg_event_id, email_id, event, recipient, occurred_at, reason)
      SELECT sg_event_id, our_email_id, event, recipient, occurred_at, reason FROM resolved ORDER BY sg_event_id
      ON CONFLICT (sg_event_id) DO NOTHING
      RETURNING sg_event_id, email_id, event, occurred_at
    ), fees_confirmed AS (
      -- Late-payment charges whose email ended in doubt (migration 033): the customer's server took the email, so
      -- they were told; sent as of the first such event. Bounces and drops prove nothing either way: left to a person.
      UPDATE fee_decisions f SET status = 'sent', sent_at = c.at
      FROM (SELECT email_id, min(occurred_at) AS at FROM ins WHERE event IN ('delivered', 'open', 'click') AND email_id IS NOT NULL
            GROUP BY email_id) c
      WHERE f.email_id = c.email_id AND f.status = 'in_doubt'
      RETURNING f.id, f.email_id
    ), fees_confirmed_audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'sendgrid', 'fees.sent_confirmed', 'fee_decision', id, jsonb_build_object('email_id', email_id::text) FROM fees_confirmed
    )
    SELECT ins.sg_event_id, ins.email_id, r.customer_id
    FROM ins LEFT JOIN reminder_emails r ON r.id = ins.email_id`;
  return rows.map((r) => ({ sgEventId: r.sg_event_id, emailId: r.email_id, customerId: r.customer_id }));
}

async function suppress(tx: Sql, list: readonly NewSuppression[]): Promise<number> {
  if (list.length === 0) return 0;
  const sorted = [...list].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  const rows = await tx`
    INSERT INTO email_suppressions AS s (email, reason, event)
    SELECT * FROM unnest(${sorted.map((s) => s.email)}::text[], ${sorted.map((s) => s.reason)}::text[], ${sorted.map((s) => s.event)}::text[])
    ON CONFLICT (email) DO UPDATE SET reason = excluded.reason, event = excluded.event, created_at = now(), cleared_at = NULL
    WHERE s.cleared_at IS NOT NULL
    RETURNING email`;
  return rows.length;
}

function unitFor(tx: Sql): EmailEventUnit {
  return {
    insertNew: (events) => insertNew(tx, events),
    suppress: (list) => suppress(tx, list),
    raiseAlert: (a) => raiseAlert(tx, a),
  };
}

/** email_events, email_suppressions and their alerts, written together per webhook batch. */
export function postgresEmailEventStore(sql: Sql): EmailEventStore {
  return {
    unit: async (work) => (await sql.begin((tx) => work(unitFor(tx as unknown as Sql)))) as Awaited<ReturnType<typeof work>>,
  };
}
