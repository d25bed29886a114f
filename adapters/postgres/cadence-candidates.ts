import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { CadenceCandidate } from '../../src/ports/cadence-store.js';
import type postgres from 'postgres';
import type { Sql } from './connect.js';

/** The window a tick reads: invoices due between `from` and `to`, issued by `today`. */
export interface CandidateWindow {
  readonly now: Date;
  readonly today: CalendarDate;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/** Whole customers' worth of the window: their invoice ids as an int8[] literal, and which customers. */
export interface CandidatePage {
  /** The page holds the customers whose id modulo `of` is `index`. */
  readonly of: bigint;
  readonly index: bigint;
  readonly invoiceIds: string;
  readonly size: number;
}

/**
 * Streams invoices due between `from` and `to` (a window wide enough for every step of every policy around
 * `now`) that still owe money. Only the window is read, never the whole ledger; the due rule decides the rest.
 * Amounts count payments and credit notes dated on or before `today`, so a back-filled tick sees the past.
 */
export function cadenceCandidates(sql: Sql, now: Date, today: CalendarDate, from: CalendarDate, to: CalendarDate) {
  return candidateRows(sql, { now, today, from, to }, sql``);
}

/**
 * Splits the window into pages of whole customers, about `size` invoices each: a page is its invoice ids (an int8[]
 * literal, never parsed here) and which customers it holds (id modulo `of` equals `index`, so no sort is needed).
 * Reads ids only, so it is cheap.
 */
export async function candidatePages(sql: Sql, w: CandidateWindow, size: number): Promise<CandidatePage[]> {
  return sql<CandidatePage[]>`
    WITH win AS (
      SELECT i.id, i.customer_id FROM invoices i
      WHERE i.due_date BETWEEN ${w.from}::date AND ${w.to}::date AND i.issue_date <= ${w.today}::date
    ), k AS (
      SELECT greatest(1, ceil(count(*) / ${size}::numeric))::int8 AS n FROM win
    )
    SELECT k.n AS "of", win.customer_id % k.n AS "index", array_agg(win.id)::text AS "invoiceIds", count(*)::int AS size
    FROM win, k GROUP BY k.n, win.customer_id % k.n ORDER BY 2`;
}

/**
 * The candidates of one page. The window is checked again (an invoice may have changed since the page was cut),
 * and so is the page's customers, so a customer's invoices never straddle two pages and each gets one email per step.
 *
 * Planned afresh for every page: a tick claims between pages, so `reminders` grows under this query, and a cached
 * generic plan made while it looked empty seq-scans it once per candidate (a 9 s tick became 48 s on the benchmark).
 */
export async function pageCandidates(sql: Sql, w: CandidateWindow, page: CandidatePage): Promise<CadenceCandidate[]> {
  return sql.begin('read only', async (raw) => {
    const tx = raw as unknown as Sql;
    await tx`SET LOCAL plan_cache_mode = force_custom_plan`;
    const out: CadenceCandidate[] = [];
    const compact = compactor();
    await candidateRows(tx, w, tx`
      AND i.id = ANY(${page.invoiceIds}::int8[])
      AND i.customer_id % ${page.of.toString()}::int8 = ${page.index.toString()}::int8`)
      .forEach((row) => void out.push(compact(row)));
    return out;
  }) as Promise<CadenceCandidate[]>;
}

/**
 * The candidates of one customer in the window: what the cadence would consider for them (reminder-reach.ts asks
 * whether a reminder is still due to them, from the very rows a tick plans from).
 */
export async function customerCandidates(sql: Sql, w: CandidateWindow, customerId: bigint): Promise<CadenceCandidate[]> {
  return candidateRows(sql, w, sql`AND c.id = ${customerId.toString()}::int8`);
}

const noKeys: readonly string[] = [];
type CustomerField = 'customer_id' | 'customer_external_id' | 'customer_name' | 'segment' | 'strategic' | 'timezone' | 'country'
  | 'escalation_email' | 'sales_owner_email' | 'deliverable_emails';

/**
 * Copies rows into one fixed shape, sharing each customer's fields and repeated values within a page. postgres.js
 * builds a row property by property, which V8 keeps as a dictionary (about 2.2 KB a candidate here, against about
 * 0.5 KB copied); a page lives through its claims, so it outlives the young generation and this is most of what a
 * tick's heap holds.
 */
function compactor(): (r: CadenceCandidate) => CadenceCandidate {
  const customers = new Map<bigint, Pick<CadenceCandidate, CustomerField>>();
  const shared = new Map<string, string>();
  const intern = (v: string) => {
    const known = shared.get(v);
    if (known !== undefined) return known;
    shared.set(v, v);
    return v;
  };
  return (r) => {
    let c = customers.get(r.customer_id);
    if (c === undefined) {
      c = {
        customer_id: r.customer_id, customer_external_id: r.customer_external_id, customer_name: r.customer_name,
        segment: intern(r.segment) as CadenceCandidate['segment'], strategic: r.strategic, timezone: intern(r.timezone),
        country: r.country, escalation_email: r.escalation_email, sales_owner_email: r.sales_owner_email,
        deliverable_emails: r.deliverable_emails,
      };
      customers.set(r.customer_id, c);
    }
    return {
      invoice_id: r.invoice_id, number: r.number, due_date: intern(r.due_date), currency: intern(r.currency),
      amount_minor: r.amount_minor, remaining_minor: r.remaining_minor, client_reference: r.client_reference, pay_url: r.pay_url,
      customer_id: c.customer_id, customer_external_id: c.customer_external_id, customer_name: c.customer_name,
      segment: c.segment, strategic: c.strategic, timezone: c.timezone,
      country: c.country, escalation_email: c.escalation_email, sales_owner_email: c.sales_owner_email,
      open_dispute: r.open_dispute, credit_note_announced: r.credit_note_announced, promised_date: r.promised_date, on_hold: r.on_hold,
      in_plan: r.in_plan === true,
      deliverable_emails: c.deliverable_emails, claimed_keys: r.claimed_keys.length === 0 ? noKeys : r.claimed_keys,
      sent_keys: r.sent_keys === undefined || r.sent_keys.length === 0 ? noKeys : r.sent_keys, last_email_at: r.last_email_at ?? null,
      discount_bp: r.discount_bp ?? null, discount_days: r.discount_days ?? null, discount_from: r.discount_from ?? null,
    };
  };
}

/**
 * True while dispute `d` of invoice `i`, closed as credit_note_issued, has no credit note in the ledger yet: none
 * issued (by `today`) on or after the day the dispute was opened, nor imported after it was opened. The one home
 * of "a credit note was announced and has not arrived", used by the cadence, the cards and finance's alert.
 */
export function creditNoteStillAwaited(sql: Sql, d: string, i: string, today: string | postgres.Fragment) {
  return sql`NOT EXISTS (SELECT 1 FROM credit_notes n WHERE n.invoice_id = ${sql(i)}.id AND n.issued_date <= ${today}::date
                           AND (n.created_at >= ${sql(d)}.opened_at OR n.issued_date >= ${sql(d)}.opened_at::date))`;
}

function candidateRows(sql: Sql, { now, today, from, to }: CandidateWindow, only: postgres.Fragment) {
  return sql<CadenceCandidate[]>`
    SELECT i.id AS invoice_id, i.number, i.due_date::text AS due_date, i.currency, i.amount_minor,
           i.amount_minor - coalesce(pa.s, 0) - coalesce(cn.s, 0) - coalesce(da.s, 0) AS remaining_minor,
           i.client_reference, i.pay_url,
           -- Early-payment discount terms (migration 026's early_payment_terms, inline: c is joined already); the
           -- email states the offer while its window is open on the send day.
           CASE WHEN i.payment_terms IS NOT NULL THEN i.payment_discount_bp ELSE c.payment_discount_bp END AS discount_bp,
           CASE WHEN i.payment_terms IS NOT NULL THEN i.payment_discount_days ELSE c.payment_discount_days END AS discount_days,
           CASE WHEN (CASE WHEN i.payment_terms IS NOT NULL THEN i.payment_discount_bp ELSE c.payment_discount_bp END) IS NOT NULL
                THEN i.issue_date::text END AS discount_from,
           c.id AS customer_id, c.external_id AS customer_external_id, c.name AS customer_name, c.segment, c.strategic,
           c.timezone, c.country, c.escalation_email, so.email AS sales_owner_email,
           EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.opened_at <= ${now}
                     AND (d.closed_at IS NULL OR d.closed_at > ${now})) AS open_dispute,
           EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.status = 'credit_note_issued' AND d.closed_at <= ${now}
                     AND ${creditNoteStillAwaited(sql, 'd', 'i', today)}) AS credit_note_announced,
           (SELECT max(p.promised_date)::text FROM promises_to_pay p
             WHERE p.invoice_id = i.id AND p.status = 'active' AND p.created_at <= ${now}) AS promised_date,
           EXISTS (SELECT 1 FROM reminder_holds h
                    WHERE (h.invoice_id = i.id OR h.customer_id = c.id) AND h.created_at <= ${now}
                      AND (h.released_at IS NULL OR h.released_at > ${now})
                      AND (h.until_date IS NULL OR h.until_date >= (${now}::timestamptz AT TIME ZONE c.timezone)::date)) AS on_hold,
           EXISTS (SELECT 1 FROM plan_invoices pi JOIN payment_plans pp ON pp.id = pi.plan_id
                    WHERE pi.invoice_id = i.id AND pp.started_at <= ${now}
                      AND (pp.status = 'active' OR (pp.status IN ('completed', 'broken') AND pp.ended_at > ${now}))) AS in_plan,
           ARRAY(SELECT b.email FROM unnest(c.billing_emails) AS b(email)
                  WHERE NOT EXISTS (SELECT 1 FROM email_suppressions s
                                     WHERE s.email = b.email AND s.cleared_at IS NULL)) AS deliverable_emails,
           coalesce((SELECT array_agg(r.step_key) FROM reminders r WHERE r.invoice_id = i.id), '{}') AS claimed_keys,
           coalesce((SELECT array_agg(r.step_key) FROM reminders r JOIN reminder_emails e ON e.id = r.email_id
                      WHERE r.invoice_id = i.id AND e.status = 'sent' AND e.sent_at <= ${now}), '{}') AS sent_keys,
           (SELECT max(CASE WHEN e.status = 'sent' THEN e.sent_at ELSE e.scheduled_for END) FROM reminder_emails e
             WHERE e.customer_id = c.id AND e.status IN ('sent', 'queued', 'sending', 'in_doubt')
               AND coalesce(e.sent_at, e.scheduled_for) <= ${now}) AS last_email_at
    FROM invoices i
    JOIN customers c ON c.id = i.customer_id
    LEFT JOIN owners so ON so.id = c.sales_owner_id
    -- remainingOn (settlement-sql.ts) as two lateral sums, read once for the filter and the amount due: the tick's
    -- plan over a million open invoices is measured with this shape (npm run bench -- cadence).
    LEFT JOIN LATERAL (SELECT sum(a.amount_minor)::int8 AS s FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                        WHERE a.invoice_id = i.id AND p.received_date <= ${today}::date) pa ON true
    LEFT JOIN LATERAL (SELECT sum(n.amount_minor)::int8 AS s FROM credit_notes n
                        WHERE n.invoice_id = i.id AND n.issued_date <= ${today}::date) cn ON true
    -- Early-payment discounts (026), earned on their payment's received date.
    LEFT JOIN LATERAL (SELECT sum(d.amount_minor)::int8 AS s FROM discount_allocations d JOIN payments p ON p.id = d.payment_id
                        WHERE d.invoice_id = i.id AND p.received_date <= ${today}::date) da ON true
    WHERE i.due_date BETWEEN ${from}::date AND ${to}::date
      AND i.issue_date <= ${today}::date
      AND i.amount_minor - coalesce(pa.s, 0) - coalesce(cn.s, 0) - coalesce(da.s, 0) > 0
      ${only}`;
}
