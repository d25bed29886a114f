import type { Sql } from './connect.js';

// Set-based producers of alerts from the ledger's state as of `now`. Each alert's dedupe key names the fact,
// so running a producer again (or on two instances) raises nothing new. "Today" is the customer's local day.

const remaining = (today: string) => `
  i.amount_minor
    - coalesce((SELECT sum(a.amount_minor)::int8 FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                 WHERE a.invoice_id = i.id AND p.received_date <= ${today}), 0)
    - coalesce((SELECT sum(n.amount_minor)::int8 FROM credit_notes n WHERE n.invoice_id = i.id AND n.issued_date <= ${today}), 0)`;

const localToday = '((($1)::timestamptz AT TIME ZONE c.timezone)::date)';

/** Open invoices past their due date: one alert each for the sales owner, however they arrived. */
export async function raiseOverdueAlerts(sql: Sql, now: Date): Promise<number> {
  const rows = await sql.unsafe(`
    INSERT INTO alerts (kind, dedupe_key, customer_id, invoice_id, raised_at)
    SELECT 'invoice_overdue', 'invoice_overdue:' || i.id, c.id, i.id, $1
    FROM invoices i JOIN customers c ON c.id = i.customer_id
    WHERE i.due_date < ${localToday} AND i.issue_date <= ${localToday} AND ${remaining(localToday)} > 0
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`, [now]);
  return rows.length;
}

/** Invoices overdue more than `days`: the delivery owner is asked to clear whatever blocks payment. */
export async function raiseDeliveryAlerts(sql: Sql, now: Date, days: number): Promise<number> {
  const rows = await sql.unsafe(`
    INSERT INTO alerts (kind, dedupe_key, customer_id, invoice_id, raised_at, details)
    SELECT 'delivery_blocker', 'delivery_blocker:' || i.id, c.id, i.id, $1, jsonb_build_object('days_overdue', ${localToday} - i.due_date)
    FROM invoices i JOIN customers c ON c.id = i.customer_id
    WHERE c.delivery_owner_id IS NOT NULL AND i.due_date < ${localToday} - $2::int AND ${remaining(localToday)} > 0
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`, [now, days]);
  return rows.length;
}

/** Disputes from any source (import, API, chat, customer link) that no alert has announced yet. */
export async function raiseDisputeAlerts(sql: Sql, now: Date): Promise<number> {
  const rows = await sql`
    INSERT INTO alerts (kind, dedupe_key, customer_id, invoice_id, dispute_id, raised_at)
    SELECT 'dispute_opened', 'dispute_opened:' || d.id, i.customer_id, i.id, d.id, ${now}
    FROM disputes d JOIN invoices i ON i.id = d.invoice_id
    WHERE d.closed_at IS NULL AND d.opened_at <= ${now}
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return rows.length;
}

/**
 * Disputes unresolved 48 hours after they opened become priority 1, once: the dispute's message is marked and
 * its owner and finance are told (through the alert).
 */
export async function escalateDisputes(sql: Sql, now: Date, slaHours: number): Promise<number> {
  return sql.begin(async (tx) => {
    const rows = await tx<{ id: bigint; invoice_id: bigint; customer_id: bigint }[]>`
      UPDATE disputes d SET priority = 1, escalated_at = ${now}, updated_at = now()
      FROM invoices i
      WHERE i.id = d.invoice_id AND d.closed_at IS NULL AND d.escalated_at IS NULL
        AND d.opened_at <= ${now}::timestamptz - make_interval(hours => ${slaHours}::int)
      RETURNING d.id, d.invoice_id, i.customer_id`;
    for (const r of rows) {
      await tx`INSERT INTO audit_log (actor, action, entity, entity_id, details)
               VALUES ('sla', 'dispute.escalated', 'dispute', ${r.id.toString()}::int8, ${tx.json({ priority: 1, sla_hours: slaHours })})`;
      await tx`INSERT INTO alerts (kind, dedupe_key, customer_id, invoice_id, dispute_id, raised_at)
               VALUES ('dispute_sla_breached', ${`dispute_sla_breached:${r.id}`}, ${r.customer_id.toString()}::int8,
                       ${r.invoice_id.toString()}::int8, ${r.id.toString()}::int8, ${now})
               ON CONFLICT (dedupe_key) DO NOTHING`;
    }
    return rows.length;
  }) as Promise<number>;
}

/**
 * Invoices that will be reminded soon but miss what the customer's AP needs to pay them (PO number, client
 * reference, proof of delivery): flagged to the sales owner before the first reminder goes out.
 */
export async function raiseIncompleteAlerts(sql: Sql, now: Date, horizonDays: number): Promise<number> {
  const rows = await sql.unsafe(`
    INSERT INTO alerts (kind, dedupe_key, customer_id, invoice_id, raised_at, details)
    SELECT 'invoice_incomplete', 'invoice_incomplete:' || i.id, c.id, i.id, $1,
           jsonb_build_object('missing', to_jsonb(array_remove(ARRAY[
             CASE WHEN coalesce(i.po_number, '') = '' THEN 'po_number' END,
             CASE WHEN coalesce(i.client_reference, '') = '' THEN 'client_reference' END,
             CASE WHEN coalesce(i.proof_url, '') = '' THEN 'proof_of_delivery' END], NULL)))
    FROM invoices i JOIN customers c ON c.id = i.customer_id
    WHERE (coalesce(i.po_number, '') = '' OR coalesce(i.client_reference, '') = '' OR coalesce(i.proof_url, '') = '')
      AND i.due_date <= ${localToday} + $2::int
      AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.invoice_id = i.id)
      AND ${remaining(localToday)} > 0
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`, [now, horizonDays]);
  return rows.length;
}

/** Payments with money no rule could allocate: finance matches them by hand. */
export async function raiseUnmatchedPaymentAlerts(sql: Sql, now: Date): Promise<number> {
  const rows = await sql`
    INSERT INTO alerts (kind, dedupe_key, customer_id, raised_at, details)
    SELECT 'payment_unmatched', 'payment_unmatched:' || p.id, p.customer_id, ${now},
           jsonb_build_object('payment_id', p.id, 'unallocated_minor', (p.amount_minor - coalesce(a.s, 0))::text)
    FROM payments p
    LEFT JOIN LATERAL (SELECT sum(amount_minor)::int8 AS s FROM payment_allocations WHERE payment_id = p.id) a ON true
    WHERE p.amount_minor > coalesce(a.s, 0) AND p.received_date <= (${now}::timestamptz AT TIME ZONE 'UTC')::date
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return rows.length;
}

export function postgresAlertProducers(sql: Sql) {
  return {
    overdue: (now: Date) => raiseOverdueAlerts(sql, now),
    delivery: (now: Date, days: number) => raiseDeliveryAlerts(sql, now, days),
    disputes: (now: Date) => raiseDisputeAlerts(sql, now),
    escalations: (now: Date, hours: number) => escalateDisputes(sql, now, hours),
    incomplete: (now: Date, days: number) => raiseIncompleteAlerts(sql, now, days),
    unmatchedPayments: (now: Date) => raiseUnmatchedPaymentAlerts(sql, now),
  };
}
