import type { CustomerMatch, CustomerOverview } from '../../blocks/slack/ar-blocks.js';
import { daysBetween, type CalendarDate } from '../../src/domain/calendar-date.js';
import type { DisputeStatus } from '../../src/domain/disputes/dispute-status.js';
import {
  companyToday, hoursSince, indefiniteHold, money, openDisputeAt, ownerRef, remainingSql, trackingLabel, trackingRankSql,
  type OwnerColumns,
} from './chat-views-invoices.js';
import { loadCustomerConversation } from './chat-views-conversation.js';
import type { Sql } from './connect.js';
import { loadCreditFacts } from './credit-views.js';
import { loadCustomerPlans } from './chat-views-plan-lists.js';

/** What `/ar <query>` found: one customer, or several to choose from (at most `customerMatchesMax`, of `total`). */
export type CustomerLookup =
  | { readonly kind: 'customer'; readonly overview: CustomerOverview }
  | { readonly kind: 'choices'; readonly matches: readonly CustomerMatch[]; readonly total: number };

/** Matches read at most: a one-letter search must not load the whole customer table. */
export const customerMatchesMax = 100;
/** Most recent reminder emails shown per customer. */
const lastRemindersMax = 10;

type MatchRow = { id: bigint; external_id: string; name: string; segment: CustomerMatch['segment']; strategic: boolean; total: bigint };

/** `%`, `_` and the escape character itself are literal in a customer's name. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * `/ar <customer>`: the customer whose external id is `query` (exact, any case), else those whose name contains
 * it (any case; a name equal to the query wins over longer ones). Null when nothing matches.
 * @example await loadCustomerOverview(sql, 'acme', now, 'Europe/Paris') // { kind: 'choices', matches: [ … ], total: 2 }
 */
export async function loadCustomerOverview(sql: Sql, query: string, now: Date, zone: string): Promise<CustomerLookup | null> {
  const q = query.trim();
  // Postgres text cannot hold NUL, so no customer's id or name contains one; sent as a parameter it fails the query.
  if (q === '' || q.includes('\u0000')) return null;
  let rows: readonly MatchRow[] = await sql<MatchRow[]>`
    SELECT id, external_id, name, segment, strategic, count(*) OVER () AS total
    FROM customers WHERE lower(external_id) = lower(${q}) ORDER BY external_id LIMIT ${customerMatchesMax}`;
  if (rows.length === 0) {
    rows = await sql<MatchRow[]>`
      SELECT id, external_id, name, segment, strategic, count(*) OVER () AS total
      FROM customers WHERE name ILIKE ${likePattern(q)} ESCAPE '\\'
      ORDER BY lower(name), external_id LIMIT ${customerMatchesMax}`;
    const exact = rows.filter((r) => r.name.toLowerCase() === q.toLowerCase());
    if (rows.length > 1 && exact.length === 1) rows = exact;
  }
  if (rows.length === 0) return null;
  if (rows.length === 1) return { kind: 'customer', overview: await customerOverview(sql, rows[0]!.id, now, zone) };
  return {
    kind: 'choices',
    matches: rows.map((r) => ({ customerExternalId: r.external_id, customerName: r.name, segment: r.segment, strategic: r.strategic })),
    total: Number(rows[0]!.total),
  };
}

/** Everything `/ar` shows about one customer, as of `now` (amounts as of the company's today), replies included. */
export async function customerOverview(sql: Sql, customerId: bigint, now: Date, zone: string): Promise<CustomerOverview> {
  const today = companyToday(now, zone);
  const cid = customerId.toString();
  const [c] = await sql<{ name: string; external_id: string; segment: CustomerMatch['segment']; strategic: boolean;
    sales: OwnerColumns | null; delivery: OwnerColumns | null; hold_indefinite: boolean | null; hold_until: string | null }[]>`
    SELECT c.name, c.external_id, c.segment, c.strategic,
           CASE WHEN so.id IS NULL THEN NULL ELSE json_build_object('name', so.name, 'email', so.email, 'team', so.team, 'slack_user_id', so.slack_user_id) END AS sales,
           CASE WHEN dl.id IS NULL THEN NULL ELSE json_build_object('name', dl.name, 'email', dl.email, 'team', dl.team, 'slack_user_id', dl.slack_user_id) END AS delivery,
           (SELECT bool_or(h.until_date IS NULL) FROM reminder_holds h WHERE h.customer_id = c.id AND h.created_at <= ${now}
              AND (h.released_at IS NULL OR h.released_at > ${now}) AND (h.until_date IS NULL OR h.until_date >= ${today}::date)) AS hold_indefinite,
           (SELECT max(h.until_date)::text FROM reminder_holds h WHERE h.customer_id = c.id AND h.created_at <= ${now}
              AND (h.released_at IS NULL OR h.released_at > ${now}) AND h.until_date >= ${today}::date) AS hold_until
    FROM customers c LEFT JOIN owners so ON so.id = c.sales_owner_id LEFT JOIN owners dl ON dl.id = c.delivery_owner_id
    WHERE c.id = ${cid}::int8`;
  if (!c) throw new Error(`customer ${cid} vanished while it was being read`);
  const credit = await loadCreditFacts(sql, customerId, now, zone);
  const invoices = await sql<{ id: bigint; number: string; currency: string; due_date: string; remaining_minor: bigint }[]>`
    SELECT * FROM (
      SELECT i.id, i.number, i.currency, i.due_date::text AS due_date, ${remainingSql(sql, today)} AS remaining_minor
      FROM invoices i WHERE i.customer_id = ${cid}::int8 AND i.issue_date <= ${today}::date) o
    WHERE remaining_minor > 0 ORDER BY due_date, number`;
  const disputes = await sql<{ id: bigint; number: string; reason: string; status: DisputeStatus; opened_at: Date; owner: OwnerColumns | null }[]>`
    SELECT d.id, i.number, d.reason, d.status, d.opened_at,
           CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('name', o.name, 'email', o.email, 'team', o.team, 'slack_user_id', o.slack_user_id) END AS owner
    FROM disputes d JOIN invoices i ON i.id = d.invoice_id LEFT JOIN owners o ON o.id = d.owner_id
    WHERE i.customer_id = ${cid}::int8 AND ${openDisputeAt(sql, 'd', now)}
    ORDER BY d.opened_at, d.id`;
  const promises = await sql<{ number: string; currency: string; promised_date: string; amount_minor: bigint | null }[]>`
    SELECT i.number, i.currency, p.promised_date::text AS promised_date, p.amount_minor
    FROM promises_to_pay p JOIN invoices i ON i.id = p.invoice_id
    WHERE i.customer_id = ${cid}::int8 AND p.status = 'active' AND p.created_at <= ${now}
    ORDER BY p.promised_date, i.number`;
  const reminders = await sql<{ step_key: string; sent_at: Date; tracking: number; numbers: string[] }[]>`
    SELECT e.step_key, e.sent_at, ${trackingRankSql(sql, 'e.id', now)} AS tracking,
           ARRAY(SELECT i.number FROM reminders r JOIN invoices i ON i.id = r.invoice_id WHERE r.email_id = e.id ORDER BY i.number) AS numbers
    FROM reminder_emails e
    WHERE e.customer_id = ${cid}::int8 AND e.status = 'sent' AND e.sent_at <= ${now}
    ORDER BY e.sent_at DESC, e.id DESC LIMIT ${lastRemindersMax}`;
  const conversation = await loadCustomerConversation(sql, customerId, now, zone);
  const plans = await loadCustomerPlans(sql, customerId, now);
  return {
    customerName: c.name,
    customerExternalId: c.external_id,
    segment: c.segment,
    strategic: c.strategic,
    owners: { sales: ownerRef(c.sales), delivery: ownerRef(c.delivery) },
    totals: totalsByCurrency(invoices, today),
    openInvoices: invoices.map((i) => ({
      invoiceId: i.id.toString(), number: i.number, amountDue: money(i.remaining_minor, i.currency),
      dueDate: i.due_date, daysOverdue: daysBetween(i.due_date, today),
    })),
    disputes: disputes.map((d) => ({
      disputeId: d.id.toString(), invoiceNumber: d.number, reason: d.reason, status: d.status,
      owner: ownerRef(d.owner), ageDays: Math.floor(hoursSince(d.opened_at, now) / 24),
    })),
    promises: promises.map((p) => ({
      invoiceNumber: p.number, date: p.promised_date, amount: p.amount_minor === null ? null : money(p.amount_minor, p.currency),
    })),
    lastReminders: reminders.map((r) => ({
      step: r.step_key, sentAt: r.sent_at.toISOString(), tracking: trackingLabel(r.tracking), invoiceNumbers: r.numbers,
    })),
    onHoldUntil: c.hold_indefinite ? indefiniteHold : c.hold_until,
    conversation,
    ...(credit === null ? {} : { credit }),
    ...(plans.length === 0 ? {} : { plans }),
  };
}

/** Per currency, never added across currencies; currencies in alphabetical order. */
function totalsByCurrency(invoices: readonly { currency: string; due_date: string; remaining_minor: bigint }[], today: CalendarDate) {
  const sums = new Map<string, { due: bigint; overdue: bigint }>();
  for (const i of invoices) {
    const s = sums.get(i.currency) ?? { due: 0n, overdue: 0n };
    s.due += i.remaining_minor;
    if (i.due_date < today) s.overdue += i.remaining_minor;
    sums.set(i.currency, s);
  }
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, s]) => ({ currency, amountDue: money(s.due, currency), overdue: money(s.overdue, currency) }));
}
