import { z } from 'zod';
import { alertKinds, type AlertKind } from '../../src/domain/alerts.js';
import { parseSubjectKey, type SubjectRef } from '../../src/domain/subject.js';
import type { AlertView } from '../../src/views/alert-view.js';
import type { WeeklyDigest } from '../../src/views/digest-view.js';
import { changeRequestView } from './chat-views-changes.js';
import { bankChangeView } from './chat-views-bank-change.js';
import { feeClaimView } from './chat-views-fee-claim.js';
import { importRunView } from './alert-import-run-view.js';
import { loadApprovalFacts } from './chat-views-disputes.js';
import { hoursSince, loadInvoiceFacts, money } from './chat-views-invoices.js';
import {
  approvalView, deliveryBlockerView, disputeView, invoiceOverdueView, loadCustomerContext, type SubjectIds,
} from './chat-views-subjects.js';
import type { Sql } from './connect.js';
import { replyView, unmatchedReplyView } from './chat-views-replies.js';
import { creditAlertView } from './credit-views.js';
import { planAlertView } from './chat-views-plans.js';

/** An `alerts` row as the driver returns it (`SELECT * FROM alerts`); only these columns are read. */
export interface AlertRow extends SubjectIds {
  readonly id: bigint;
  readonly reply_id?: bigint | null;
  readonly kind: string;
  /** jsonb, unchecked: each kind's shape is validated here before use. */
  readonly details: unknown;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const digits = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]);
// What the producers put in `details` (alert-producers.ts, record-email-events.ts, reminder-sends.ts, promise-sweep.ts).
const bouncedDetails = z.object({ event: z.string().nullish(), recipient: z.string().nullish(), reason: z.string().nullish() });
const problemDetails = z.object({ reason: z.string().nullish() });
const promiseDetails = z.object({ promised_date: date });
const unmatchedDetails = z.object({ payment_id: digits, unallocated_minor: digits.optional() });
const customerPromiseDetails = z.object({
  promised_date: date, currency: z.string().regex(/^[A-Z]{3}$/),
  promises: z.array(z.object({ invoice_id: digits, amount_minor: digits })).min(1),
});
const changeDetails = z.object({ request_id: digits });
const incompleteDetails = z.object({
  missing: z.array(z.enum(['po_number', 'client_reference', 'billing_contact', 'proof_of_delivery'])),
});

const isAlertKind = (k: string): k is AlertKind => (alertKinds as readonly string[]).includes(k);
const unknownCustomer = 'an unknown customer';

/**
 * The view of one alert as of `now`, with the subject's current facts (a dispute claimed since the alert was
 * raised shows its owner). Null when the alert's subject no longer exists or its kind is unknown.
 * @example await loadAlertView(sql, row, now, 'Europe/Paris') // { kind: 'dispute', dispute: { … }, mention: [ … ] }
 */
export async function loadAlertView(sql: Sql, alert: AlertRow, now: Date, zone: string): Promise<AlertView | null> {
  if (!isAlertKind(alert.kind)) return null;
  switch (alert.kind) {
    case 'invoice_overdue':
      return alert.invoice_id === null ? null : invoiceOverdueView(sql, alert.invoice_id, now, zone);
    case 'delivery_blocker':
      return alert.invoice_id === null ? null : deliveryBlockerView(sql, alert.invoice_id, now, zone);
    case 'dispute_opened':
    case 'dispute_sla_breached':
      return alert.dispute_id === null ? null : disputeView(sql, alert.dispute_id, now, zone);
    case 'approval_requested':
      return alert.email_id === null ? null : approvalView(sql, alert.email_id, now, zone);
    case 'email_bounced':
      return emailBouncedView(sql, alert);
    case 'email_failed':
    case 'email_in_doubt':
      return emailProblemView(sql, alert, alert.kind === 'email_failed' ? 'failed' : 'in_doubt', zone);
    case 'credit_note_awaited':
    case 'promise_broken':
    case 'invoice_incomplete':
      return invoiceNoticeView(sql, alert, alert.kind, now, zone);
    case 'payment_unmatched':
      return paymentUnmatchedView(sql, alert);
    case 'approval_reminder':
      return alert.email_id === null ? null : approvalReminderView(sql, alert.email_id, now, zone);
    case 'change_requested': {
      const d = changeDetails.safeParse(alert.details);
      return d.success ? changeRequestView(sql, BigInt(d.data.request_id), now, zone) : null;
    }
    case 'import_run_review':
      return importRunView(sql, alert.details, zone);
    case 'weekly_digest': {
      // The digest is a snapshot of its week, stored whole when it was raised: re-rendering never changes it.
      const d = digestDetails.safeParse(alert.details);
      return d.success ? { kind: 'weekly_digest', digest: d.data.digest as unknown as WeeklyDigest } : null;
    }
    case 'monthly_review': {
      // A snapshot too: the review of a closed month as finance was first shown it.
      const d = reviewDetails.safeParse(alert.details);
      return d.success ? { kind: 'monthly_review', review: d.data.review } : null;
    }
    case 'customer_reply':
      return alert.reply_id == null ? null : replyView(sql, alert.reply_id, now, zone);
    case 'reply_unmatched':
      return alert.reply_id == null ? null : unmatchedReplyView(sql, alert.reply_id, zone);
    case 'credit_threshold':
    case 'credit_overdue':
      return creditAlertView(sql, alert, now, zone);
    case 'bank_details_change':
      return bankChangeView(sql, alert.details, zone);
    case 'plan_request':
      return planAlertView(sql, alert, 'requested');
    case 'plan_broken':
      return planAlertView(sql, alert, 'broken');
    case 'customer_promise':
      return customerPromiseView(sql, alert, now, zone);
    case 'fee_claim_approval':
      return feeClaimView(sql, alert.details);
    default: {
      const unknown: never = alert.kind;
      throw new Error(`no view for alert kind ${String(unknown)}`);
    }
  }
}

async function emailBouncedView(sql: Sql, alert: AlertRow): Promise<AlertView> {
  const d = bouncedDetails.safeParse(alert.details);
  const details = d.success ? d.data : {};
  const context = await loadCustomerContext(sql, alert);
  return {
    kind: 'email_bounced',
    customerName: context?.name ?? unknownCustomer,
    customerExternalId: context?.externalId ?? '',
    address: details.recipient ?? 'an unknown address',
    reason: details.reason ?? (details.event ? `SendGrid reported "${details.event}"` : 'no reason given'),
    owner: context?.sales ?? null,
  };
}

/**
 * A reminder that failed or ended in doubt. An email in doubt found sent after all (a SendGrid delivered, open or
 * click event, or the provider's late answer) is shown resolved, saying how and when: its to-do no longer applies.
 */
async function emailProblemView(sql: Sql, alert: AlertRow, problem: 'failed' | 'in_doubt', zone: string): Promise<AlertView> {
  const d = problemDetails.safeParse(alert.details);
  const context = await loadCustomerContext(sql, alert);
  const [email] = alert.email_id === null
    ? []
    : await sql<{ step_key: string; last_error: string | null; status: string; sent_on: string | null; confirmed_by: string | null }[]>`
        SELECT e.step_key, e.last_error, e.status, to_char(e.sent_at AT TIME ZONE ${zone}, 'YYYY-MM-DD') AS sent_on,
               (SELECT l.details->>'event' FROM audit_log l
                 WHERE l.entity = 'reminder_email' AND l.entity_id = e.id AND l.action = 'email.sent_confirmed'
                 ORDER BY l.id DESC LIMIT 1) AS confirmed_by
        FROM reminder_emails e WHERE e.id = ${alert.email_id.toString()}::int8`;
  const resolved = problem === 'in_doubt' && email?.status === 'sent' && email.sent_on !== null
    ? { how: email.confirmed_by ?? 'provider', on: email.sent_on }
    : null;
  return {
    kind: 'email_problem',
    problem,
    ...(resolved === null ? {} : { resolved }),
    customerName: context?.name ?? unknownCustomer,
    customerExternalId: context?.externalId ?? '',
    step: email?.step_key ?? 'unknown',
    reason: (d.success ? d.data.reason : null) ?? email?.last_error ?? 'no reason given',
    owner: context?.sales ?? null,
  };
}

async function invoiceNoticeView(sql: Sql, alert: AlertRow, kind: 'promise_broken' | 'invoice_incomplete' | 'credit_note_awaited', now: Date, zone: string): Promise<AlertView | null> {
  if (alert.invoice_id === null) return null;
  const invoice = (await loadInvoiceFacts(sql, [alert.invoice_id], now, zone)).get(alert.invoice_id);
  if (!invoice) return null;
  const owner = (await loadCustomerContext(sql, alert))?.sales ?? null;
  if (kind === 'credit_note_awaited') return { kind, invoice, owner };
  if (kind === 'invoice_incomplete') {
    const d = incompleteDetails.safeParse(alert.details);
    return { kind, invoice, missing: d.success ? d.data.missing : [], owner };
  }
  const d = promiseDetails.safeParse(alert.details);
  let promisedDate = d.success ? d.data.promised_date : null;
  if (promisedDate === null) {
    const [p] = await sql<{ promised_date: string }[]>`
      SELECT promised_date::text AS promised_date FROM promises_to_pay
      WHERE invoice_id = ${alert.invoice_id.toString()}::int8 AND status = 'broken' ORDER BY resolved_at DESC NULLS LAST, id DESC LIMIT 1`;
    promisedDate = p?.promised_date ?? 'unknown';
  }
  return { kind, invoice, promisedDate, owner };
}

/** A promise made on the customer portal (make-portal-promise.ts): the invoices as they are now, the promise as made. */
async function customerPromiseView(sql: Sql, alert: AlertRow, now: Date, zone: string): Promise<AlertView | null> {
  const d = customerPromiseDetails.safeParse(alert.details);
  if (!d.success || alert.invoice_id === null) return null;
  const ids = d.data.promises.map((p) => BigInt(p.invoice_id));
  const facts = await loadInvoiceFacts(sql, ids, now, zone);
  const invoice = facts.get(alert.invoice_id);
  if (!invoice) return null;
  const total = d.data.promises.reduce((s, p) => s + BigInt(p.amount_minor), 0n);
  return {
    kind: 'customer_promise', invoice, promisedDate: d.data.promised_date, amount: money(total, d.data.currency),
    invoiceNumbers: ids.map((id) => facts.get(id)?.number ?? `#${id}`),
    owner: (await loadCustomerContext(sql, alert))?.sales ?? null,
  };
}

async function paymentUnmatchedView(sql: Sql, alert: AlertRow): Promise<AlertView | null> {
  const d = unmatchedDetails.safeParse(alert.details);
  if (!d.success) return null;
  const [p] = await sql<{
    external_id: string; customer_name: string; currency: string; amount_minor: bigint; allocated_minor: bigint;
    received_date: string; reference: string | null; invoice_number: string | null;
  }[]>`
    SELECT p.external_id, c.name AS customer_name, p.currency, p.amount_minor, p.received_date::text AS received_date,
           p.reference, p.invoice_number,
           coalesce((SELECT sum(a.amount_minor)::int8 FROM payment_allocations a WHERE a.payment_id = p.id), 0) AS allocated_minor
    FROM payments p JOIN customers c ON c.id = p.customer_id
    WHERE p.id = ${String(d.data.payment_id)}::int8`;
  if (!p) return null;
  // The amount the alert was raised for: a later import may allocate some of it, and the message says what was found.
  const unallocated = d.data.unallocated_minor === undefined ? p.amount_minor - p.allocated_minor : BigInt(d.data.unallocated_minor);
  const reason = unallocated < p.amount_minor
    ? `${money(unallocated, p.currency)} of ${money(p.amount_minor, p.currency)} is left over: paid more than its invoices owed`
    : p.invoice_number
      ? `no open invoice ${p.invoice_number} in ${p.currency} for this customer`
      : 'no invoice number, no reference match and no open invoice with this exact amount';
  return {
    kind: 'payment_unmatched', paymentExternalId: p.external_id, customerName: p.customer_name,
    amount: money(unallocated, p.currency), receivedDate: p.received_date, reference: p.reference, reason,
  };
}

const digestDetails = z.object({
  digest: z.object({ asOf: z.string(), weekAgo: z.string(), currencies: z.array(z.unknown()), activity: z.object({}).passthrough(),
    disputeAges: z.array(z.unknown()), oldestDisputes: z.array(z.unknown()) }).passthrough(),
});

const month = z.string().regex(/^\d{4}-\d{2}$/);
const figure = z.object({ value: z.string(), change: z.string() });
const reviewMoney = z.object({ currency: z.string(), invoiced: figure, collected: figure, open: figure, overdue: figure });
const count = z.object({ value: z.number().int(), change: z.string() });
// ReviewView (src/views/review-view.ts) as the monthly review job stored it.
const reviewDetails = z.object({
  review: z.object({
    month, previousMonth: month, totals: z.array(reviewMoney),
    accounts: z.array(z.object({
      name: z.string(), externalId: z.string(), segment: z.string(), strategic: z.boolean(),
      disputesOpened: count, disputesOpen: count, money: z.array(reviewMoney),
    })),
  }),
});

/** An approval's reminder: the approval as it is now, and how long it has waited since it was requested. */
async function approvalReminderView(sql: Sql, emailId: bigint, now: Date, zone: string): Promise<AlertView | null> {
  const approval = await loadApprovalFacts(sql, emailId, now, zone);
  if (!approval) return null;
  const [r] = await sql<{ raised_at: Date }[]>`
    SELECT raised_at FROM alerts WHERE dedupe_key = ${`approval_requested:${emailId}`}`;
  const requestedAt = r?.raised_at ?? now;
  return { kind: 'approval_reminder', approval, requestedAt: requestedAt.toISOString(), waitingHours: hoursSince(requestedAt, now) };
}

/**
 * The current view of a subject, to draw or update its messages: a dispute, an invoice's overdue or delivery card,
 * an approval (and its reminder), a change waiting for finance (posted as its alert's message) or a one-off alert.
 * Null when the subject no longer exists.
 */
export async function viewOfSubject(sql: Sql, subject: SubjectRef, now: Date, zone: string): Promise<AlertView | null> {
  const { id } = subject;
  switch (subject.kind) {
    case 'dispute': return disputeView(sql, id, now, zone);
    case 'invoice': return invoiceOverdueView(sql, id, now, zone);
    case 'delivery': return deliveryBlockerView(sql, id, now, zone);
    case 'approval': return approvalView(sql, id, now, zone);
    case 'approval-reminder': return approvalReminderView(sql, id, now, zone);
    case 'change': return changeRequestView(sql, id, now, zone);
    case 'reply': return replyView(sql, id, now, zone);
    // A customer (its late-payment charges on `/ar`) has no card of its own.
    case 'customer': return null;
    // A change of bank details is drawn as its alert; the subject names it for its refusal form only.
    case 'bank_change': return null;
    case 'alert': {
      const [row] = await sql<AlertRow[]>`
        SELECT id, kind, customer_id, invoice_id, dispute_id, email_id, reply_id, details FROM alerts WHERE id = ${id.toString()}::int8`;
      return row ? loadAlertView(sql, row, now, zone) : null;
    }
  }
}

/** The view of a subject as stored (`dispute:12`); null for text that names no subject. */
export async function subjectView(sql: Sql, key: string, now: Date, zone: string): Promise<AlertView | null> {
  const subject = parseSubjectKey(key);
  return subject === null ? null : viewOfSubject(sql, subject, now, zone);
}
