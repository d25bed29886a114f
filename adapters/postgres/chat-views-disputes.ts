import type { DisputeStatus } from '../../src/domain/disputes/dispute-status.js';
import { isDeliveryRelated } from '../../src/domain/disputes/dispute-sla.js';
import type { ApprovalFacts, DisputeFacts } from '../../src/views/alert-view.js';
import {
  hoursSince, idList, loadInvoiceFacts, ownerRef, type OwnerColumns,
} from './chat-views-invoices.js';
import type { Sql } from './connect.js';

// Disputes and approval-gated emails as the chat shows them, batched so the home tab reads a queue in a few queries.

interface DisputeRow {
  id: bigint;
  invoice_id: bigint;
  reason: string;
  status: DisputeStatus;
  priority: 1 | 2 | 3;
  source: DisputeFacts['source'];
  opened_at: Date;
  owner: OwnerColumns | null;
}

/** Dispute facts for many disputes, keyed by dispute id; ids that do not exist are absent. */
export async function loadDisputeFactsMany(sql: Sql, disputeIds: readonly bigint[], now: Date, zone: string): Promise<Map<bigint, DisputeFacts>> {
  if (disputeIds.length === 0) return new Map();
  const rows = await sql<DisputeRow[]>`
    SELECT d.id, d.invoice_id, d.reason, d.status, d.priority, d.source, d.opened_at,
           CASE WHEN o.id IS NULL THEN NULL
                ELSE json_build_object('name', o.name, 'email', o.email, 'team', o.team, 'slack_user_id', o.slack_user_id) END AS owner
    FROM disputes d LEFT JOIN owners o ON o.id = d.owner_id
    WHERE d.id = ANY(${idList(disputeIds)}::text[]::int8[])`;
  const invoices = await loadInvoiceFacts(sql, rows.map((r) => r.invoice_id), now, zone);
  const out = new Map<bigint, DisputeFacts>();
  for (const r of rows) {
    const invoice = invoices.get(r.invoice_id);
    if (!invoice) continue;
    out.set(r.id, {
      disputeId: r.id.toString(),
      invoice,
      reason: r.reason,
      status: r.status,
      owner: ownerRef(r.owner),
      openedAt: r.opened_at.toISOString(),
      ageHours: hoursSince(r.opened_at, now),
      priority: r.priority,
      source: r.source,
      deliveryRelated: isDeliveryRelated(r.reason),
    });
  }
  return out;
}

/**
 * One dispute as the chat shows it, or null when it does not exist. Priority is the stored one: the SLA job
 * makes it 1 when it escalates, so the message and the escalation never disagree.
 */
export async function loadDisputeFacts(sql: Sql, disputeId: bigint, now: Date, zone: string): Promise<DisputeFacts | null> {
  return (await loadDisputeFactsMany(sql, [disputeId], now, zone)).get(disputeId) ?? null;
}

interface ApprovalRow {
  id: bigint;
  step_key: string;
  status: string;
  decision: 'approved' | 'refused' | 'personal' | null;
  decided_by: string | null;
  decision_note: string | null;
  customer_name: string;
  customer_external_id: string;
  owner: OwnerColumns | null;
  /** Text: the driver parses int8 but not every int8[] as bigint. */
  invoice_ids: string[];
  sent_before: { step: string; sent_on: string }[];
}

/**
 * Approval facts for many reminder emails, keyed by email id. The status is the decision once there is one;
 * until then the email waits for a decision ("pending"), whatever else happened to it.
 */
export async function loadApprovalFactsMany(sql: Sql, emailIds: readonly bigint[], now: Date, zone: string): Promise<Map<bigint, ApprovalFacts>> {
  if (emailIds.length === 0) return new Map();
  const rows = await sql<ApprovalRow[]>`
    SELECT e.id, e.step_key, e.status, e.decision,
           -- decided_by is the audit label (an email): people are shown by name, the audit keeps the email.
           coalesce((SELECT nullif(d.name, '') FROM owners d WHERE lower(d.email) = lower(e.decided_by) LIMIT 1), e.decided_by) AS decided_by,
           e.decision_note,
           c.name AS customer_name, c.external_id AS customer_external_id,
           CASE WHEN o.id IS NULL THEN NULL
                ELSE json_build_object('name', o.name, 'email', o.email, 'team', o.team, 'slack_user_id', o.slack_user_id) END AS owner,
           ARRAY(SELECT r.invoice_id::text FROM reminders r JOIN invoices i ON i.id = r.invoice_id
                  WHERE r.email_id = e.id ORDER BY i.due_date, i.number) AS invoice_ids,
           coalesce((SELECT json_agg(json_build_object('step', x.step_key, 'sent_on', x.sent_on) ORDER BY x.sent_at DESC)
                     FROM (SELECT DISTINCT p.id, p.step_key, p.sent_at, (p.sent_at AT TIME ZONE ${zone})::date::text AS sent_on
                           FROM reminders r JOIN reminders pr ON pr.invoice_id = r.invoice_id
                           JOIN reminder_emails p ON p.id = pr.email_id
                           WHERE r.email_id = e.id AND p.id <> e.id AND p.status = 'sent' AND p.sent_at <= ${now}
                           ORDER BY p.sent_at DESC LIMIT 10) x), '[]') AS sent_before
    FROM reminder_emails e
    JOIN customers c ON c.id = e.customer_id
    LEFT JOIN owners o ON o.id = c.sales_owner_id
    WHERE e.id = ANY(${idList(emailIds)}::text[]::int8[])`;
  const invoices = await loadInvoiceFacts(sql, rows.flatMap((r) => r.invoice_ids.map(BigInt)), now, zone);
  return new Map(rows.map((r) => [r.id, {
    emailId: r.id.toString(),
    customerName: r.customer_name,
    customerExternalId: r.customer_external_id,
    step: r.step_key,
    invoices: r.invoice_ids.flatMap((i) => invoices.get(BigInt(i)) ?? []),
    owner: ownerRef(r.owner),
    status: r.decision ?? 'pending',
    decidedBy: r.decided_by,
    decisionNote: r.decision_note,
    sentBefore: r.sent_before.map((x) => ({ step: x.step, sentOn: x.sent_on })),
  } satisfies ApprovalFacts]));
}

/** One approval-gated email as the chat shows it (owner: the customer's account manager), or null. */
export async function loadApprovalFacts(sql: Sql, emailId: bigint, now: Date, zone: string): Promise<ApprovalFacts | null> {
  return (await loadApprovalFactsMany(sql, [emailId], now, zone)).get(emailId) ?? null;
}
