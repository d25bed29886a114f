import type { EmailOutcome, SendingEmail } from '../../src/ports/cadence-store.js';
import { raiseAlert } from './alerts.js';
import type { Sql } from './connect.js';
import { retryOnLostConnection } from './retry-lost-connection.js';

/** Queued emails whose time has come, oldest first. */
export async function dueEmailIds(sql: Sql, now: Date, limit: number): Promise<bigint[]> {
  const rows = await sql<{ id: bigint }[]>`
    SELECT id FROM reminder_emails
    WHERE status = 'queued' AND coalesce(next_attempt_at, scheduled_for) <= ${now}
    ORDER BY id LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/**
 * Moves one email from queued to sending (compare-and-set: of two engines, one wins) and loads its content.
 * From here until an outcome is recorded the email is "sending": a crash leaves it there, and the sweep turns
 * it into "in doubt" for a person instead of sending it again. Runs in the pool's next write (see writesOf).
 */
export function startSending(sql: Sql, id: bigint, now: Date): Promise<SendingEmail | null> {
  return new Promise((resolve, reject) => writesOf(sql).add({ kind: 'claim', id, now, resolve, reject }));
}

/**
 * Records what became of a send, with its audit row and, for failures and doubts, an alert for the owner. The send
 * it records has happened: a lost connection is retried on a fresh one for a few seconds, so a database restart
 * does not turn a sent email into one "in doubt". Runs in the pool's next write (see writesOf).
 */
export function recordOutcome(sql: Sql, id: bigint, outcome: EmailOutcome, now: Date): Promise<void> {
  return new Promise((resolve, reject) => writesOf(sql).add({ kind: 'record', id, outcome, now, resolve, reject }));
}

type ClaimWrite = { kind: 'claim'; id: bigint; now: Date; resolve: (e: SendingEmail | null) => void; reject: (err: unknown) => void };
type RecordWrite = { kind: 'record'; id: bigint; outcome: EmailOutcome; now: Date; resolve: () => void; reject: (err: unknown) => void };
type SentWrite = RecordWrite & { outcome: Extract<EmailOutcome, { status: 'sent' }> };
type Write = ClaimWrite | RecordWrite;

/** Writes one round of the queue takes at most, so a statement stays small. */
const ROUND_MAX = 200;
const queues = new WeakMap<Sql, { add(w: Write): void }>();

/**
 * The pool's send-state writes, taken in rounds: calls made while a round runs wait for the next one, which does
 * them all, claims and "sent" records in one statement (one round trip, one commit, however many senders), so
 * commits, not senders, set the pace. A round waits for nothing else: a call to an idle queue runs once the current
 * microtasks are done. Writes of one `now` apply in call order, rounds one after the other, so a record is committed
 * no later than a claim asked after it: a sender that records an email and claims the next in one go still never holds two
 * emails "sending" (the crash in-doubt bound, EMAIL_CONCURRENCY, holds).
 */
function writesOf(sql: Sql): { add(w: Write): void } {
  let q = queues.get(sql);
  if (q) return q;
  let waiting: Write[] = [];
  let busy = false;
  const drain = async () => {
    while (waiting.length > 0) {
      // One `now` per round (one per tick in practice); the others keep their order for the next round.
      const now = waiting[0]!.now.getTime();
      const round: Write[] = [];
      const later: Write[] = [];
      for (const w of waiting) (round.length < ROUND_MAX && w.now.getTime() === now ? round : later).push(w);
      waiting = later;
      // runRound settles each write itself; a bug in it must still settle them and keep the queue going.
      await runRound(sql, round).catch((err: unknown) => round.forEach((w) => w.reject(err)));
    }
    busy = false;
  };
  q = {
    add(w) {
      waiting.push(w);
      if (busy) return;
      busy = true;
      queueMicrotask(() => void drain());
    },
  };
  queues.set(sql, q);
  return q;
}

/** Settles every write of a round; never throws (each caller gets its own result or error). */
async function runRound(sql: Sql, round: readonly Write[]): Promise<void> {
  const sent: SentWrite[] = [];
  const claims: ClaimWrite[] = [];
  for (const w of round) {
    if (w.kind === 'claim') {
      claims.push(w);
      continue;
    }
    const { outcome } = w;
    if (outcome.status === 'sent') sent.push({ ...w, outcome });
    // Failures, doubts and retries are rare and raise alerts: each in a transaction of its own, as they come.
    else await retryOnLostConnection(() => recordOnce(sql, w.id, outcome, w.now)).then(() => w.resolve(), w.reject);
  }
  if (sent.length === 0 && claims.length === 0) return;
  try {
    const emails = await sentAndClaimed(sql, sent, claims);
    for (const s of sent) s.resolve();
    claims.forEach((c, i) => c.resolve(emails[i]!));
  } catch {
    // One bad row must not fail the round's other writes: each again alone, a record retried on a lost
    // connection as always, a claim once (a claim that did commit is left "sending", to be flagged in doubt).
    for (const s of sent) await retryOnLostConnection(() => sentAndClaimed(sql, [s], [])).then(() => s.resolve(), s.reject);
    for (const c of claims) await sentAndClaimed(sql, [], [c]).then((e) => c.resolve(e[0]!), c.reject);
  }
}

type SendingRow = {
  id: bigint; policy: string; step_key: string; template: string; to_emails: string[]; cc_emails: string[];
  reply_to: string | null; customer_id: bigint; customer_external_id: string; customer_name: string; locale: string; timezone: string;
  account_manager: string | null; attempts: number; previous_sent_at: Date | null; portal_key_version: number;
  invoices: { invoice_id: string; number: string; client_reference: string | null; due_date: string; currency: string; amount_due_minor: string; pay_url: string | null;
    amount_minor: string; issue_date: string; discount_bp: number | null; discount_days: number | null }[];
  late_charges: { number: string; currency: string; compensation_minor: string; interest_minor: string; legal_basis: string }[];
};

/**
 * In one statement: marks `sent` sent with an audit row each, and moves each of `claims` from queued to sending,
 * loading its content; returns one email per claim, null for those no longer queued (another engine took them).
 * Every row is locked first, in id order, so two engines' statements never deadlock; a claim checks the status of
 * the row's latest version once it holds the lock. (No status test on reminder_emails itself: with one, the planner
 * may read the queue's partial index, bloated during a tick, instead of the primary key.)
 */
async function sentAndClaimed(sql: Sql, sent: readonly SentWrite[], claims: readonly ClaimWrite[]): Promise<(SendingEmail | null)[]> {
  const now = (sent[0] ?? claims[0])!.now;
  const ids = (list: readonly { id: bigint }[]) => list.map((w) => w.id.toString());
  const rows = await sql<SendingRow[]>`
    WITH locked AS MATERIALIZED (
      SELECT id, status, id = ANY(${ids(claims)}::text[]::int8[]) AS claim
      FROM reminder_emails WHERE id = ANY(${[...ids(sent), ...ids(claims)]}::text[]::int8[]) ORDER BY id FOR UPDATE
    ), done AS (
      SELECT * FROM unnest(${ids(sent)}::text[]::int8[], ${sent.map((s) => s.outcome.provider)}::text[],
                           ${sent.map((s) => s.outcome.messageId)}::text[], ${sent.map((s) => s.outcome.subject)}::text[],
                           ${sent.map((s) => s.outcome.headerMessageId ?? null)}::text[])
                    WITH ORDINALITY AS d(id, provider, message_id, subject, header_message_id, ord)
    ), recorded AS (
      UPDATE reminder_emails e SET status = 'sent', sent_at = ${now}, provider = d.provider, provider_message_id = d.message_id,
             message_id = d.header_message_id, subject = d.subject, last_error = NULL, updated_at = now()
      FROM done d JOIN locked l ON l.id = d.id WHERE e.id = d.id
      RETURNING e.id, d.provider, d.ord
    ), audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'cadence', 'email.sent', 'reminder_email', id, jsonb_build_object('provider', provider) FROM recorded ORDER BY ord
    ), doubt_alerts_redrawn AS (
      -- The provider's late word on an email a sweep had put in doubt: its email_in_doubt alert goes back in the
      -- queue, so the next dispatch redraws its message resolved (as a SendGrid delivered event does, email-events.ts).
      UPDATE alerts a SET posted_at = NULL, next_attempt_at = NULL, attempts = 0, dead_at = NULL, last_error = NULL
      FROM recorded r JOIN locked l ON l.id = r.id
      WHERE l.status = 'in_doubt' AND a.dedupe_key = 'in_doubt:' || r.id AND a.kind = 'email_in_doubt'
    ), claimed AS (
      UPDATE reminder_emails e SET status = 'sending', sending_started_at = ${now}, attempts = e.attempts + 1, updated_at = now()
      FROM locked l WHERE e.id = l.id AND l.claim AND l.status = 'queued'
      RETURNING e.*
    ), fees_sent AS (
      -- Late-payment charges stated in an email now recorded sent (migration 024): sent with it, in this transaction.
      -- The provider's word also settles charges whose email a sweep had guessed in doubt meanwhile (migration 033).
      UPDATE fee_decisions f SET status = 'sent', sent_at = ${now}
      FROM recorded r WHERE f.email_id = r.id AND f.status IN ('claimed', 'in_doubt')
    ), fees_included AS (
      -- The customer's claimed charges in no email yet go into the email being claimed (migration 033: a charge in
      -- an email being sent, or being marked sent above, has its email_id and is left alone, so no charge is stated
      -- in two emails and one statement never updates a row twice).
      UPDATE fee_decisions f SET email_id = c.id
      FROM claimed c WHERE f.customer_id = c.customer_id AND f.status = 'claimed' AND f.email_id IS NULL
      RETURNING f.id, f.email_id, f.invoice_id, f.currency, f.compensation_minor, f.interest_minor, f.legal_basis
    ), fees_linked AS (
      INSERT INTO fee_decision_emails (fee_decision_id, email_id, included_at)
      SELECT id, email_id, ${now} FROM fees_included
      ON CONFLICT DO NOTHING
    )
    SELECT e.id, e.attempts, e.policy, e.step_key, e.template, e.to_emails, e.cc_emails, e.reply_to,
           c.id AS customer_id, c.external_id AS customer_external_id, c.name AS customer_name, c.locale, c.timezone,
           c.portal_key_version, nullif(o.name, '') AS account_manager,
           -- What the customer was actually told before about these invoices: templates state it ("we wrote to you on …").
           (SELECT max(p.sent_at) FROM reminders r JOIN reminders pr ON pr.invoice_id = r.invoice_id
             JOIN reminder_emails p ON p.id = pr.email_id
             WHERE r.email_id = e.id AND pr.email_id <> e.id AND p.status = 'sent') AS previous_sent_at,
           coalesce((
             SELECT json_agg(json_build_object(
                      'invoice_id', r.invoice_id::text, 'number', i.number, 'client_reference', i.client_reference,
                      'due_date', i.due_date::text, 'currency', r.currency, 'amount_due_minor', r.amount_due_minor::text,
                      'pay_url', i.pay_url, 'amount_minor', i.amount_minor::text, 'issue_date', i.issue_date::text,
                      -- Early-payment discount terms (migration 026): the email states the offer while its window is open.
                      'discount_bp', t.bp, 'discount_days', t.days) ORDER BY i.due_date, i.number)
             FROM reminders r JOIN invoices i ON i.id = r.invoice_id LEFT JOIN LATERAL early_payment_terms(i.id) t ON true
             WHERE r.email_id = e.id), '[]'::json) AS invoices,
           coalesce((
             SELECT json_agg(json_build_object(
                      'number', i.number, 'currency', fi.currency, 'compensation_minor', fi.compensation_minor::text,
                      'interest_minor', fi.interest_minor::text, 'legal_basis', fi.legal_basis) ORDER BY i.number)
             FROM fees_included fi JOIN invoices i ON i.id = fi.invoice_id WHERE fi.email_id = e.id), '[]'::json) AS late_charges
    FROM claimed e JOIN customers c ON c.id = e.customer_id LEFT JOIN owners o ON o.id = c.sales_owner_id`;
  const byId = new Map(rows.map((e) => [e.id, e]));
  return claims.map((c) => {
    const e = byId.get(c.id);
    byId.delete(c.id); // the same id claimed twice in one round goes to the first asker only
    return e ? toSendingEmail(e) : null;
  });
}

function toSendingEmail(e: SendingRow): SendingEmail {
  return {
    id: e.id, policy: e.policy, stepKey: e.step_key, template: e.template, customerId: BigInt(e.customer_id), customerExternalId: e.customer_external_id,
    customerName: e.customer_name, locale: e.locale, timezone: e.timezone, to: e.to_emails, cc: e.cc_emails,
    replyTo: e.reply_to, accountManagerName: e.account_manager, attempts: e.attempts, previousSentAt: e.previous_sent_at,
    portalKeyVersion: e.portal_key_version,
    // Amounts and ids travel as text inside the JSON (never as JSON numbers, which are floats).
    invoices: e.invoices.map((i) => ({
      invoiceId: BigInt(i.invoice_id), number: i.number, clientReference: i.client_reference, dueDate: i.due_date,
      currency: i.currency, amountDueMinor: BigInt(i.amount_due_minor), payUrl: i.pay_url,
      discountTerms: i.discount_bp === null || i.discount_days === null ? null
        : { amountMinor: BigInt(i.amount_minor), issueDate: i.issue_date, bp: i.discount_bp, days: i.discount_days },
    })),
    lateCharges: e.late_charges.map((f) => ({
      invoiceNumber: f.number, currency: f.currency, compensationMinor: BigInt(f.compensation_minor),
      interestMinor: BigInt(f.interest_minor), legalBasis: f.legal_basis,
    })),
  };
}

/** A failure, doubt or retry with its audit row (and alert), in a transaction of its own. */
async function recordOnce(sql: Sql, id: bigint, outcome: Exclude<EmailOutcome, { status: 'sent' }>, now: Date): Promise<void> {
  const eid = id.toString();
  if (outcome.status === 'retry') {
    await sql`
      WITH u AS (
        UPDATE reminder_emails SET status = 'queued', next_attempt_at = ${outcome.nextAttemptAt}, last_error = ${outcome.reason}, updated_at = now()
        WHERE id = ${eid}::int8 RETURNING id
      ), fees_freed AS (
        -- Not accepted: its charges were not stated; they go in whichever email of the customer is claimed next.
        UPDATE fee_decisions SET email_id = NULL WHERE email_id = ${eid}::int8 AND status = 'claimed'
      )
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'cadence', 'email.retry', 'reminder_email', id, ${sql.json({ reason: outcome.reason })} FROM u`;
    return;
  }
  await sql.begin(async (raw) => {
    const tx = raw as unknown as Sql;
    const [row] = await tx<{ customer_id: bigint }[]>`
      UPDATE reminder_emails SET status = ${outcome.status}, last_error = ${outcome.reason}, updated_at = now()
      WHERE id = ${eid}::int8 RETURNING customer_id`;
    await tx`
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      VALUES ('cadence', ${`email.${outcome.status}`}, 'reminder_email', ${eid}::int8, ${tx.json({ reason: outcome.reason })})`;
    await chargesFollowEmail(tx, eid, outcome.status);
    await raiseAlert(tx, {
      kind: outcome.status === 'failed' ? 'email_failed' : 'email_in_doubt',
      dedupeKey: `${outcome.status}:${eid}`, customerId: row?.customer_id ?? null, emailId: id,
      details: { reason: outcome.reason }, raisedAt: now,
    });
  });
}

/**
 * The late-payment charges stated in an email follow its outcome (migration 033). Failed: the customer was not told,
 * so they are claimed again, free for the next email (the attempt stays in fee_decision_emails). In doubt: the
 * customer may have been told, so they are neither stated again nor exported until the provider's word, a delivered
 * event or a person settles it (`arbot fees resolve`).
 */
async function chargesFollowEmail(tx: Sql, eid: string, status: 'failed' | 'in_doubt'): Promise<void> {
  await tx`
    WITH f AS (
      UPDATE fee_decisions SET email_id = CASE WHEN ${status} = 'failed' THEN NULL ELSE email_id END,
             status = CASE WHEN ${status} = 'failed' THEN 'claimed' ELSE 'in_doubt' END
      WHERE email_id = ${eid}::int8 AND status = 'claimed'
      RETURNING id
    )
    INSERT INTO audit_log (actor, action, entity, entity_id, details)
    SELECT 'cadence', ${`fees.email_${status}`}, 'fee_decision', id, ${tx.json({ email_id: eid })} FROM f`;
}

/** Emails stuck in "sending" (the process died mid-send) become "in doubt" with an alert; never resent. */
export async function sweepStaleSending(sql: Sql, now: Date, staleAfterMs: number): Promise<bigint[]> {
  const cutoff = new Date(now.getTime() - staleAfterMs);
  const rows = await sql<{ id: bigint }[]>`
    SELECT id FROM reminder_emails WHERE status = 'sending' AND sending_started_at < ${cutoff} ORDER BY id`;
  for (const r of rows) {
    await recordOutcome(sql, r.id, { status: 'in_doubt', reason: 'the process stopped while sending; the provider may or may not have accepted it' }, now);
  }
  return rows.map((r) => r.id);
}
