import type { OwnerRoute, RoutingFacts } from '../../src/domain/alert-routing.js';
import type { AlertView, OwnerRef } from '../../src/views/alert-view.js';
import { loadApprovalFacts, loadDisputeFacts } from './chat-views-disputes.js';
import { loadInvoiceFacts, ownerRef, type OwnerColumns } from './chat-views-invoices.js';
import type { Sql } from './connect.js';

// The current view of each subject that has one message per channel (a dispute, an invoice's overdue alert, its
// delivery blocker, an approval), and who owns the customer behind any alert.

/** The ids an alert row carries; whichever is set leads to the customer. */
export interface SubjectIds {
  readonly customer_id: bigint | null;
  readonly invoice_id: bigint | null;
  readonly dispute_id: bigint | null;
  readonly email_id: bigint | null;
}

type OwnerJson = OwnerColumns & { id: string; slack_channel_id: string | null };

export interface CustomerContext {
  readonly customerId: bigint;
  readonly name: string;
  readonly externalId: string;
  readonly sales: OwnerRef | null;
  readonly delivery: OwnerRef | null;
  readonly salesRoute: OwnerRoute | null;
  readonly deliveryRoute: OwnerRoute | null;
}

const ownerJson = (alias: string) => `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object(
  'id', ${alias}.id::text, 'name', ${alias}.name, 'email', ${alias}.email, 'team', ${alias}.team,
  'slack_user_id', ${alias}.slack_user_id, 'slack_channel_id', ${alias}.slack_channel_id) END`;

const route = (o: OwnerJson | null): OwnerRoute | null => (o === null ? null : { ownerId: BigInt(o.id), channel: o.slack_channel_id });
const nullableId = (v: bigint | null) => (v === null ? null : v.toString());

/** The customer an alert is about (directly, or through its invoice, dispute or email) and its owners; null if none. */
export async function loadCustomerContext(sql: Sql, ids: SubjectIds): Promise<CustomerContext | null> {
  const [c] = await sql<{ id: bigint; name: string; external_id: string; sales: OwnerJson | null; delivery: OwnerJson | null }[]>`
    SELECT c.id, c.name, c.external_id, ${sql.unsafe(ownerJson('so'))} AS sales, ${sql.unsafe(ownerJson('dl'))} AS delivery
    FROM customers c
    LEFT JOIN owners so ON so.id = c.sales_owner_id
    LEFT JOIN owners dl ON dl.id = c.delivery_owner_id
    WHERE c.id = coalesce(
      ${nullableId(ids.customer_id)}::int8,
      (SELECT customer_id FROM invoices WHERE id = ${nullableId(ids.invoice_id)}::int8),
      (SELECT i.customer_id FROM disputes d JOIN invoices i ON i.id = d.invoice_id WHERE d.id = ${nullableId(ids.dispute_id)}::int8),
      (SELECT customer_id FROM reminder_emails WHERE id = ${nullableId(ids.email_id)}::int8))`;
  if (!c) return null;
  return {
    customerId: c.id, name: c.name, externalId: c.external_id,
    sales: ownerRef(c.sales), delivery: ownerRef(c.delivery), salesRoute: route(c.sales), deliveryRoute: route(c.delivery),
  };
}

/** The chat platforms an owner's own alerts can be routed on. */
export type RoutingPlatform = 'slack' | 'teams';

/**
 * Who an alert concerns, for routing on one platform: the customer's sales and delivery owners and, for a
 * dispute, whoever claimed it, each with their own channel there (null for the team's default channel). An owner
 * whose alerts go to the other platform is marked `elsewhere` (no channel, no team fallback here), so an owner
 * with both gets each alert once. The
 * platform is the owner's `chat_platform`, else Slack when they have a Slack id, else Teams when they have a
 * Teams id, else Slack: owners imported before Teams keep their Slack routing. On Teams an owner's channel is
 * their `teams_conversation_id`, else their personal chat with arbot (captured when they installed it).
 */
export async function loadRoutingFacts(sql: Sql, alert: SubjectIds, platform: RoutingPlatform = 'slack'): Promise<RoutingFacts> {
  const context = await loadCustomerContext(sql, alert);
  let disputeOwnerId: bigint | null = null;
  if (alert.dispute_id !== null) {
    const [d] = await sql<{ owner_id: bigint | null }[]>`SELECT owner_id FROM disputes WHERE id = ${alert.dispute_id.toString()}::int8`;
    disputeOwnerId = d?.owner_id ?? null;
  }
  const sales = context?.salesRoute?.ownerId ?? null;
  const delivery = context?.deliveryRoute?.ownerId ?? null;
  const routes = await ownerRoutes(sql, [sales, delivery, disputeOwnerId], platform);
  const of = (id: bigint | null) => (id === null ? null : routes.get(id) ?? null);
  return { salesOwner: of(sales), deliveryOwner: of(delivery), disputeOwner: of(disputeOwnerId) };
}

async function ownerRoutes(sql: Sql, ids: readonly (bigint | null)[], platform: RoutingPlatform): Promise<Map<bigint, OwnerRoute>> {
  const wanted = [...new Set(ids.filter((i): i is bigint => i !== null).map(String))];
  if (wanted.length === 0) return new Map();
  const rows = await sql<{ id: bigint; platform: RoutingPlatform; slack_channel: string | null; teams_channel: string | null }[]>`
    SELECT o.id,
           coalesce(o.chat_platform, CASE
             WHEN o.slack_user_id IS NULL AND o.slack_channel_id IS NULL
              AND (o.teams_user_id IS NOT NULL OR o.teams_conversation_id IS NOT NULL) THEN 'teams'
             ELSE 'slack' END) AS platform,
           o.slack_channel_id AS slack_channel,
           coalesce(o.teams_conversation_id, (
             SELECT tc.conversation_id FROM teams_conversations tc
             WHERE tc.conversation_type = 'personal' AND tc.installed AND tc.user_aad_id = o.teams_user_id
             ORDER BY tc.updated_at DESC LIMIT 1)) AS teams_channel
    FROM owners o WHERE o.id = ANY(${wanted}::text[]::int8[])`;
  const out = new Map<bigint, OwnerRoute>();
  for (const r of rows) {
    // Routed on the other platform: said so, so this one does not fall back to its team channel either.
    if (r.platform !== platform) out.set(r.id, { ownerId: r.id, channel: null, elsewhere: true });
    else out.set(r.id, { ownerId: r.id, channel: platform === 'slack' ? r.slack_channel : r.teams_channel });
  }
  return out;
}

const contextOfInvoice = (sql: Sql, invoiceId: bigint) =>
  loadCustomerContext(sql, { customer_id: null, invoice_id: invoiceId, dispute_id: null, email_id: null });

/** `invoice:<id>`: the overdue alert of an invoice, for its sales owner. */
export async function invoiceOverdueView(sql: Sql, invoiceId: bigint, now: Date, zone: string): Promise<AlertView | null> {
  const invoice = (await loadInvoiceFacts(sql, [invoiceId], now, zone)).get(invoiceId);
  if (!invoice) return null;
  const context = await contextOfInvoice(sql, invoiceId);
  return { kind: 'invoice_overdue', invoice, owner: context?.sales ?? null };
}

/** `delivery:<id>`: the delivery blocker of an invoice, for its delivery owner, with the open dispute if any. */
export async function deliveryBlockerView(sql: Sql, invoiceId: bigint, now: Date, zone: string): Promise<AlertView | null> {
  const invoice = (await loadInvoiceFacts(sql, [invoiceId], now, zone)).get(invoiceId);
  if (!invoice) return null;
  const context = await contextOfInvoice(sql, invoiceId);
  const dispute = invoice.openDispute === null ? null : await loadDisputeFacts(sql, BigInt(invoice.openDispute.id), now, zone);
  return { kind: 'delivery_blocker', invoice, owner: context?.delivery ?? null, dispute };
}

/**
 * `dispute:<id>`: the dispute as it stands. Once escalated (priority 1) it mentions whoever is accountable now
 * (the claimer, else the account manager); before, the customer's sales and delivery owners.
 */
export async function disputeView(sql: Sql, disputeId: bigint, now: Date, zone: string): Promise<AlertView | null> {
  const dispute = await loadDisputeFacts(sql, disputeId, now, zone);
  if (!dispute) return null;
  const context = await loadCustomerContext(sql, { customer_id: null, invoice_id: null, dispute_id: disputeId, email_id: null });
  const people = dispute.priority === 1
    ? [dispute.owner ?? context?.sales ?? null]
    : [context?.sales ?? null, context?.delivery ?? null];
  const seen = new Set<string>();
  const mention = people.filter((p): p is OwnerRef => p !== null && !seen.has(p.email) && (seen.add(p.email), true));
  return { kind: 'dispute', dispute, mention };
}

/** `approval:<emailId>`: an approval-gated reminder and its decision, if made. */
export async function approvalView(sql: Sql, emailId: bigint, now: Date, zone: string): Promise<AlertView | null> {
  const approval = await loadApprovalFacts(sql, emailId, now, zone);
  return approval === null ? null : { kind: 'approval', approval };
}
