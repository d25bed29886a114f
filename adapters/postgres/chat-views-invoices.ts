import { dateInZone, daysBetween, type CalendarDate } from '../../src/domain/calendar-date.js';
import type { DisputeStatus } from '../../src/domain/disputes/dispute-status.js';
import { formatMoney } from '../../src/domain/money.js';
import type { InvoiceFacts, OwnerRef } from '../../src/views/alert-view.js';
import { creditNoteStillAwaited } from './cadence-candidates.js';
import type { Sql } from './connect.js';
import { postgresPaymentPlanStore } from './payment-plans.js';
import { remainingOn } from './settlement-sql.js';
import { holdFacts } from './credit-hold-facts.js';

// Shared pieces of the chat view loaders, and the invoice facts every alert, /ar and the home tab show.
// Everything is as of an explicit `now`; "today" is the company's calendar day at `now`.

/** The company's calendar day at `now`: amounts count payments and credit notes dated on or before it. */
export const companyToday = (now: Date, zone: string): CalendarDate => dateInZone(now, zone);

/** Ids go to Postgres as text and are cast there: the driver sends a JS bigint[] untyped. */
export const idList = (ids: readonly bigint[]): string[] => ids.map((i) => i.toString());

export const money = (minor: bigint, currency: string): string => formatMoney(minor, currency, 'en');

/** Whole hours from `from` to `now`, never negative (a clock skew must not show "-1 h"). */
export const hoursSince = (from: Date, now: Date): number => Math.max(0, Math.floor((now.getTime() - from.getTime()) / 3600_000));

/** What Postgres returns for an owner row read with `ownerColumns`. */
export interface OwnerColumns {
  readonly name: string;
  readonly email: string;
  readonly team: OwnerRef['team'];
  readonly slack_user_id: string | null;
}

export function ownerRef(o: Partial<OwnerColumns> | null | undefined): OwnerRef | null {
  if (!o || !o.email) return null;
  return { name: o.name ?? '', email: o.email, team: o.team!, slackUserId: o.slack_user_id ?? null };
}

/** Several owners' refs by id, one query. */
export async function loadOwners(sql: Sql, ids: readonly (bigint | null)[]): Promise<Map<bigint, OwnerRef>> {
  const wanted = [...new Set(ids.filter((i): i is bigint => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await sql<(OwnerColumns & { id: bigint })[]>`
    SELECT id, name, email, team, slack_user_id FROM owners WHERE id = ANY(${idList(wanted)}::text[]::int8[])`;
  return new Map(rows.map((r) => [r.id, ownerRef(r)!]));
}

/**
 * SendGrid events ranked by how far the email got. A drop is shown as a bounce: the email was not delivered and
 * reminders to that address stop either way. Deferred, processed and spam reports add nothing to "sent".
 */
export const trackingLabels = ['sent', 'bounced', 'delivered', 'opened', 'clicked'] as const;
/** The tracking rank of the email whose id is in column `emailIdColumn` (trusted: our own SQL, never input). */
export const trackingRankSql = (sql: Sql, emailIdColumn: string, now: Date) => sql`
  (SELECT coalesce(max(CASE ev.event WHEN 'click' THEN 4 WHEN 'open' THEN 3 WHEN 'delivered' THEN 2
                                     WHEN 'bounce' THEN 1 WHEN 'dropped' THEN 1 ELSE 0 END), 0)
     FROM email_events ev WHERE ev.email_id = ${sql.unsafe(emailIdColumn)} AND ev.occurred_at <= ${now})`;
export const trackingLabel = (rank: number): string => trackingLabels[rank] ?? 'sent';

/** Remaining minor units of invoice `i` on `today`: payments received and credit notes issued by then. */
export const remainingSql = (sql: Sql, today: CalendarDate) => remainingOn(sql, sql`${today}::date`);

/** Disputes (under `alias`, our own SQL) open at `now`: a dispute closed later was still open then. */
export const openDisputeAt = (sql: Sql, alias: string, now: Date) => sql`
  ${sql.unsafe(alias)}.opened_at <= ${now} AND (${sql.unsafe(alias)}.closed_at IS NULL OR ${sql.unsafe(alias)}.closed_at > ${now})`;

/** A hold with no end date pauses reminders until someone releases it. */
export const indefiniteHold = 'further notice';

interface InvoiceRow {
  id: bigint;
  number: string;
  currency: string;
  due_date: string;
  client_reference: string | null;
  remaining_minor: bigint;
  customer_name: string;
  customer_external_id: string;
  segment: InvoiceFacts['segment'];
  strategic: boolean;
  reminder_step: string | null;
  reminder_sent_at: Date | null;
  reminder_tracking: number | null;
  promised_date: string | null;
  promised_minor: bigint | null;
  dispute_id: bigint | null;
  dispute_status: DisputeStatus | null;
  dispute_owner: string | null;
  hold_indefinite: boolean | null;
  hold_until: string | null;
  closed_status: DisputeStatus | null;
  closed_on: string | null;
  closed_by: string | null;
  credit_note_awaited: boolean | null;
  credit_hold_by: string | null;
  credit_hold_at: Date | null;
  credit_hold_reason: string | null;
  plan_open: boolean;
}

/** A dispute closed this many days ago or less is shown on the invoice's cards (approvals included). */
export const RECENT_CLOSE_DAYS = 14;

/**
 * Invoice facts for many invoices in one query, keyed by invoice id; ids that do not exist are absent.
 * The last reminder is the latest email sent for the invoice, with the furthest tracking event it reached by `now`.
 * @example (await loadInvoiceFacts(sql, [7n], now, 'Europe/Paris')).get(7n)?.amountDue // "€765.50"
 */
export async function loadInvoiceFacts(sql: Sql, invoiceIds: readonly bigint[], now: Date, zone: string): Promise<Map<bigint, InvoiceFacts>> {
  if (invoiceIds.length === 0) return new Map();
  const today = companyToday(now, zone);
  const rows = await sql<InvoiceRow[]>`
    SELECT i.id, i.number, i.currency, i.due_date::text AS due_date, i.client_reference,
           ${remainingSql(sql, today)} AS remaining_minor,
           c.name AS customer_name, c.external_id AS customer_external_id, c.segment, c.strategic,
           lr.step_key AS reminder_step, lr.sent_at AS reminder_sent_at, lr.tracking AS reminder_tracking,
           pr.promised_date::text AS promised_date, pr.amount_minor AS promised_minor,
           od.id AS dispute_id, od.status AS dispute_status, od.owner_name AS dispute_owner,
           h.indefinite AS hold_indefinite, h.until::text AS hold_until,
           cd.status AS closed_status, cd.closed_on, cd.closed_by, cd.credit_note_awaited,
           ch.set_by AS credit_hold_by, ch.set_at AS credit_hold_at, ch.reason AS credit_hold_reason,
           -- Payment plans (issue 20): a plan of the customer in this currency requested, proposed or active.
           EXISTS (SELECT 1 FROM payment_plans pp WHERE pp.customer_id = c.id AND pp.currency = i.currency
                     AND pp.status IN ('requested', 'proposed', 'active') AND pp.created_at <= ${now}) AS plan_open
    FROM invoices i
    JOIN customers c ON c.id = i.customer_id
    LEFT JOIN LATERAL (
      SELECT e.step_key, e.sent_at, ${trackingRankSql(sql, 'e.id', now)} AS tracking
      FROM reminders r JOIN reminder_emails e ON e.id = r.email_id
      WHERE r.invoice_id = i.id AND e.status = 'sent' AND e.sent_at <= ${now}
      ORDER BY e.sent_at DESC, e.id DESC LIMIT 1) lr ON true
    LEFT JOIN LATERAL (
      SELECT p.promised_date, p.amount_minor FROM promises_to_pay p
      WHERE p.invoice_id = i.id AND p.status = 'active' AND p.created_at <= ${now}
      ORDER BY p.created_at DESC, p.id DESC LIMIT 1) pr ON true
    LEFT JOIN LATERAL (
      SELECT d.id, d.status, coalesce(nullif(o.name, ''), o.email) AS owner_name
      FROM disputes d LEFT JOIN owners o ON o.id = d.owner_id
      WHERE d.invoice_id = i.id AND ${openDisputeAt(sql, 'd', now)}
      ORDER BY d.opened_at DESC, d.id DESC LIMIT 1) od ON true
    LEFT JOIN LATERAL (
      SELECT bool_or(hd.until_date IS NULL) AS indefinite, max(hd.until_date) AS until
      FROM reminder_holds hd
      WHERE (hd.invoice_id = i.id OR hd.customer_id = c.id) AND hd.created_at <= ${now}
        AND (hd.released_at IS NULL OR hd.released_at > ${now})
        AND (hd.until_date IS NULL OR hd.until_date >= ${today}::date)) h ON true
    LEFT JOIN LATERAL (
      SELECT d.status, (d.closed_at AT TIME ZONE ${zone})::date::text AS closed_on,
             coalesce((SELECT coalesce(nullif(o.name, ''), o.email) FROM audit_log a JOIN owners o ON o.email = a.actor
                        WHERE a.entity = 'dispute' AND a.entity_id = d.id AND a.action = 'dispute.status_changed'
                        ORDER BY a.id DESC LIMIT 1),
                      CASE WHEN d.source IN ('import', 'api') THEN 'the ERP import' ELSE 'someone' END) AS closed_by,
             (d.status = 'credit_note_issued' AND ${creditNoteStillAwaited(sql, 'd', 'i', today)}) AS credit_note_awaited
      FROM disputes d
      WHERE d.invoice_id = i.id AND d.closed_at <= ${now}
      ORDER BY d.closed_at DESC, d.id DESC LIMIT 1) cd ON true
    LEFT JOIN LATERAL (
      -- The customer's credit hold in force (migration 025), shown on every card of the customer.
      SELECT coalesce(nullif(o.name, ''), o.email) AS set_by, h.set_at, h.reason
      FROM credit_holds h JOIN owners o ON o.id = h.set_by_id
      WHERE h.customer_id = c.id AND h.set_at <= ${now} AND (h.released_at IS NULL OR h.released_at > ${now})
      ORDER BY h.set_at DESC, h.id DESC LIMIT 1) ch ON true
    WHERE i.id = ANY(${idList(invoiceIds)}::text[]::int8[])`;
  const maxInstalments = rows.length === 0 ? 0 : (await postgresPaymentPlanStore(sql).loadPolicy()).maxInstalments;
  return new Map(rows.map((r) => {
    const hold = holdFacts({ hold_set_by: r.credit_hold_by, hold_set_at: r.credit_hold_at, hold_reason: r.credit_hold_reason }, zone);
    const facts = { ...invoiceFacts(r, today), planning: { owing: r.remaining_minor > 0n, inOpenPlan: r.plan_open, maxInstalments } };
    // Only a held customer's invoices carry the hold: the facts of the others stay as they were.
    return [r.id, hold === null ? facts : { ...facts, creditHold: hold }];
  }));
}

function invoiceFacts(r: InvoiceRow, today: CalendarDate): InvoiceFacts {
  return {
    invoiceId: r.id.toString(),
    number: r.number,
    customerName: r.customer_name,
    customerExternalId: r.customer_external_id,
    segment: r.segment,
    strategic: r.strategic,
    amountDue: money(r.remaining_minor, r.currency),
    currency: r.currency,
    dueDate: r.due_date,
    daysOverdue: daysBetween(r.due_date, today),
    clientReference: r.client_reference,
    lastReminder: r.reminder_step === null || r.reminder_sent_at === null
      ? null
      : { step: r.reminder_step, sentAt: r.reminder_sent_at.toISOString(), tracking: trackingLabel(r.reminder_tracking ?? 0) },
    promise: r.promised_date === null
      ? null
      : { date: r.promised_date, amount: r.promised_minor === null ? null : money(r.promised_minor, r.currency) },
    openDispute: r.dispute_id === null
      ? null
      : { id: r.dispute_id.toString(), status: r.dispute_status!, ownerName: r.dispute_owner },
    onHoldUntil: r.hold_indefinite ? indefiniteHold : r.hold_until,
    closedDispute: closedDispute(r, today),
  };
}

function closedDispute(r: InvoiceRow, today: CalendarDate): InvoiceFacts['closedDispute'] {
  if (r.closed_status === null || r.closed_on === null) return null;
  const daysAgo = Math.max(0, daysBetween(r.closed_on, today));
  const awaited = r.credit_note_awaited === true;
  if (!awaited && daysAgo > RECENT_CLOSE_DAYS) return null;
  return { status: r.closed_status, closedOn: r.closed_on, daysAgo, closedBy: r.closed_by ?? 'someone', creditNoteAwaited: awaited };
}
