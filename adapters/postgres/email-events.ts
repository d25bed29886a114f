import type { EmailEventStore, EmailEventUnit, InsertedEmailEvent, NewSuppression } from '../../src/ports/email-events.js';
import { deliveryProvingEvents, type EmailEvent } from '../../src/domain/sendgrid-events.js';
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
        ${events.map((e) => e.providerMessageId)}::text[],
        ${events.map((e) => e.planEmailId?.toString() ?? null)}::text[]::int8[], ${events.map((e) => e.answerId?.toString() ?? null)}::text[]::int8[],
        ${events.map((e) => e.statement?.customerId.toString() ?? null)}::text[]::int8[],
        ${events.map((e) => e.statement?.asOf.toISOString() ?? null)}::text[]::timestamptz[]
      ) AS t(sg_event_id, event, recipient, occurred_at, reason, email_id, message_id, plan_email_id, answer_id, statement_customer_id, statement_as_of)
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
    ), proofs AS (
      -- Events recorded now that prove the customer's server took the email (deliveryProvingEvents), with whichever
      -- of our emails they name. Bounces, drops and deferrals prove nothing either way: a doubt stays for a person.
      SELECT ins.email_id, r.plan_email_id, r.answer_id, r.statement_customer_id, r.statement_as_of, ins.event, ins.occurred_at
      FROM ins JOIN resolved r ON r.sg_event_id = ins.sg_event_id
      WHERE ins.event = ANY(${[...deliveryProvingEvents]}::text[])
    ), first_proof AS (
      -- Per reminder email: the first such event (its time is when it was sent as far as anyone can tell).
      SELECT DISTINCT ON (email_id) email_id, event, occurred_at AS at FROM proofs WHERE email_id IS NOT NULL
      ORDER BY email_id, occurred_at, event
    ), emails_confirmed AS (
      -- A reminder whose send ended in doubt (the provider may or may not have taken it) was sent after all.
      UPDATE reminder_emails e SET status = 'sent', sent_at = p.at, updated_at = now()
      FROM first_proof p WHERE e.id = p.email_id AND e.status = 'in_doubt'
      RETURNING e.id, p.event, p.at
    ), emails_confirmed_audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'sendgrid', 'email.sent_confirmed', 'reminder_email', id, jsonb_build_object('event', event, 'occurred_at', at) FROM emails_confirmed
    ), doubt_alerts_redrawn AS (
      -- Its email_in_doubt alert goes back in the queue: the next dispatch redraws its message in place, resolved
      -- (chat-views-alerts.ts emailProblemView).
      UPDATE alerts a SET posted_at = NULL, next_attempt_at = NULL, attempts = 0, dead_at = NULL, last_error = NULL
      FROM emails_confirmed c WHERE a.dedupe_key = 'in_doubt:' || c.id AND a.kind = 'email_in_doubt'
    ), fees_confirmed AS (
      -- Late-payment charges whose email ended in doubt (migration 033): the customer's server took the email, so
      -- they were told; sent as of the first such event.
      UPDATE fee_decisions f SET status = 'sent', sent_at = p.at
      FROM first_proof p WHERE f.email_id = p.email_id AND f.status = 'in_doubt'
      RETURNING f.id, f.email_id
    ), fees_confirmed_audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'sendgrid', 'fees.sent_confirmed', 'fee_decision', id, jsonb_build_object('email_id', email_id::text) FROM fees_confirmed
    ), plans_confirmed AS (
      -- A payment plan's email in doubt (payment-plans.ts): sent after all.
      UPDATE plan_emails e SET status = 'sent', sent_at = p.at, last_error = NULL
      FROM (SELECT plan_email_id, min(occurred_at) AS at, min(event) AS event FROM proofs WHERE plan_email_id IS NOT NULL GROUP BY plan_email_id) p
      WHERE e.id = p.plan_email_id AND e.status = 'in_doubt'
      RETURNING e.id, p.event, p.at
    ), plans_confirmed_audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'sendgrid', 'plan_email.sent_confirmed', 'plan_email', id, jsonb_build_object('event', event, 'occurred_at', at) FROM plans_confirmed
    ), answers_confirmed AS (
      -- An answer to a customer's reply in doubt (reply-answers.ts): sent after all, as the provider's late word
      -- would make it, the reply answered unless someone dealt with it another way meanwhile.
      UPDATE reply_answers a SET status = 'sent', sent_at = p.at, last_error = NULL
      FROM (SELECT answer_id, min(occurred_at) AS at, min(event) AS event FROM proofs WHERE answer_id IS NOT NULL GROUP BY answer_id) p
      WHERE a.id = p.answer_id AND a.status = 'in_doubt'
      RETURNING a.id, a.reply_id, p.event, p.at,
        -- Who answered, as the sender's path names them (parseAuthor: the email in "Name <email>", else the name).
        CASE WHEN a.sent_by ~ '<[^<>[:space:]]+>$' THEN substring(a.sent_by from '<([^<>[:space:]]+)>$')
             ELSE regexp_replace(a.sent_by, '[[:space:]]*<>$', '') END AS handled_by
    ), answers_handled AS (
      UPDATE inbound_replies r SET handled_at = a.at, handled_by = a.handled_by, handled_how = 'answered'
      FROM answers_confirmed a WHERE r.id = a.reply_id AND r.handled_at IS NULL
    ), answers_confirmed_audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'sendgrid', 'reply_answer.sent_confirmed', 'reply_answer', id, jsonb_build_object('event', event, 'occurred_at', at) FROM answers_confirmed
    ), statements_confirmed AS (
      -- A statement whose send ended in doubt is recorded failed with no provider (send-statement.ts): sent after
      -- all. Never a second sent monthly statement of a month (statement_emails_monthly_once): that one stays.
      UPDATE statement_emails s SET status = 'sent', provider = 'sendgrid'
      FROM (SELECT statement_customer_id, statement_as_of, min(occurred_at) AS at, min(event) AS event FROM proofs
            WHERE statement_customer_id IS NOT NULL GROUP BY statement_customer_id, statement_as_of) p
      WHERE s.customer_id = p.statement_customer_id AND s.as_of = p.statement_as_of AND s.status = 'failed' AND s.provider IS NULL
        AND NOT EXISTS (SELECT 1 FROM statement_emails o WHERE s.kind = 'monthly' AND o.kind = 'monthly' AND o.status = 'sent'
                         AND o.customer_id = s.customer_id AND o.statement_month = s.statement_month)
      RETURNING s.id, s.customer_id, s.kind, s.statement_month, p.event, p.at
    ), statement_claims_settled AS (
      -- Its month's claim now names the send (no longer listed as claimed without a send, monthly-statements.ts).
      UPDATE monthly_statement_claims m SET statement_email_id = c.id
      FROM statements_confirmed c
      WHERE c.kind = 'monthly' AND m.customer_id = c.customer_id AND m.statement_month = c.statement_month AND m.statement_email_id IS NULL
    ), statements_confirmed_audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'sendgrid', 'statement.sent_confirmed', 'customer', customer_id,
             jsonb_build_object('statement_email_id', id::text, 'event', event, 'occurred_at', at) FROM statements_confirmed
    ), reply_alerts_redrawn AS (
      -- The reply's card says how it was answered: redrawn by the next dispatch.
      UPDATE alerts al SET posted_at = NULL, next_attempt_at = NULL, attempts = 0, dead_at = NULL, last_error = NULL
      FROM answers_confirmed a WHERE al.reply_id = a.reply_id AND al.kind = 'customer_reply' AND al.posted_at IS NOT NULL
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
