import { creditNoteStillAwaited } from './cadence-candidates.js';
import { alertPriority } from '../../src/domain/alerts.js';
import type { Sql } from './connect.js';
import { raiseCreditOverdueAlerts, raiseCreditThresholdAlerts } from './credit-alerts.js';
import { owesOn } from './settlement-sql.js';

// Set-based producers of alerts from the ledger's state as of `now`. Each alert's dedupe key names the fact,
// so running a producer again (or on two instances) raises nothing new. "Today" is the customer's local day. Each
// row is stored with its kind's priority (alertPriority), which the outbox claims by. Whether an invoice still owes
// money is read from its invoice_settlements row (owesOn), never summed again here.

/** The customer's local day at `now`: the day an invoice is overdue or due on. */
const localToday = (sql: Sql, now: Date) => sql`((${now}::timestamptz AT TIME ZONE c.timezone)::date)`;

/** Open invoices past their due date: one alert each for the sales owner, however they arrived. */
export async function raiseOverdueAlerts(sql: Sql, now: Date): Promise<number> {
  const today = localToday(sql, now);
  const rows = await sql`
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, invoice_id, raised_at)
    SELECT 'invoice_overdue', ${alertPriority('invoice_overdue')}, 'invoice_overdue:' || i.id, c.id, i.id, ${now}
    FROM invoices i JOIN customers c ON c.id = i.customer_id JOIN invoice_settlements s ON s.invoice_id = i.id
    WHERE i.due_date < ${today} AND i.issue_date <= ${today} AND ${owesOn(sql, 's', today)}
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return rows.length;
}

/** Invoices overdue more than `days`: the delivery owner is asked to clear whatever blocks payment. */
export async function raiseDeliveryAlerts(sql: Sql, now: Date, days: number): Promise<number> {
  const today = localToday(sql, now);
  const rows = await sql`
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, invoice_id, raised_at, details)
    SELECT 'delivery_blocker', ${alertPriority('delivery_blocker')}, 'delivery_blocker:' || i.id, c.id, i.id, ${now},
           jsonb_build_object('days_overdue', ${today} - i.due_date)
    FROM invoices i JOIN customers c ON c.id = i.customer_id JOIN invoice_settlements s ON s.invoice_id = i.id
    WHERE c.delivery_owner_id IS NOT NULL AND i.due_date < ${today} - ${days}::int AND ${owesOn(sql, 's', today)}
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return rows.length;
}

/** Disputes from any source (import, API, chat, customer link) that no alert has announced yet. */
export async function raiseDisputeAlerts(sql: Sql, now: Date): Promise<number> {
  const rows = await sql`
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, invoice_id, dispute_id, raised_at)
    SELECT 'dispute_opened', ${alertPriority('dispute_opened')}, 'dispute_opened:' || d.id, i.customer_id, i.id, d.id, ${now}
    FROM disputes d JOIN invoices i ON i.id = d.invoice_id
    WHERE d.closed_at IS NULL AND d.opened_at <= ${now}
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return rows.length;
}

/**
 * Disputes unresolved `slaHours` (disputeSlaHours) after they opened become priority 1, once: the dispute's message
 * is marked and its owner and finance are told (through the alert). The WHERE clause is isSlaBreached
 * (src/domain/disputes/dispute-sla.ts) computed in SQL, so one statement escalates them all;
 * test/integration/dispute-sla.test.ts holds the two equal.
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
      await tx`INSERT INTO alerts (kind, priority, dedupe_key, customer_id, invoice_id, dispute_id, raised_at)
               VALUES ('dispute_sla_breached', ${alertPriority('dispute_sla_breached')}, ${`dispute_sla_breached:${r.id}`}, ${r.customer_id.toString()}::int8,
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
  const today = localToday(sql, now);
  const rows = await sql`
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, invoice_id, raised_at, details)
    SELECT 'invoice_incomplete', ${alertPriority('invoice_incomplete')}, 'invoice_incomplete:' || i.id, c.id, i.id, ${now},
           jsonb_build_object('missing', to_jsonb(array_remove(ARRAY[
             CASE WHEN coalesce(i.po_number, '') = '' THEN 'po_number' END,
             CASE WHEN coalesce(i.client_reference, '') = '' THEN 'client_reference' END,
             CASE WHEN coalesce(i.proof_url, '') = '' THEN 'proof_of_delivery' END], NULL)))
    FROM invoices i JOIN customers c ON c.id = i.customer_id JOIN invoice_settlements s ON s.invoice_id = i.id
    WHERE (coalesce(i.po_number, '') = '' OR coalesce(i.client_reference, '') = '' OR coalesce(i.proof_url, '') = '')
      AND i.due_date <= ${today} + ${horizonDays}::int
      AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.invoice_id = i.id)
      AND ${owesOn(sql, 's', today)}
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return rows.length;
}

/** The JSON of a source in an import run's summary that calls for finance: payments left unmatched, or
 * allocations released (an ERP update no longer fit them; the `released` list or count may be absent). */
const sourceToReview = `
  (jsonb_typeof(s->'unmatched_payments') = 'number' AND (s->>'unmatched_payments')::numeric > 0)
  OR (jsonb_typeof(s->'released') = 'array' AND jsonb_array_length(s->'released') > 0)
  OR (jsonb_typeof(s->'released') = 'number' AND (s->>'released')::numeric > 0)`;

/**
 * Each finished import run is looked at once (alert_checked_at): one that left payments unmatched or released
 * allocations raises ONE finance alert naming the run, whatever the number of payments (the view lists the first
 * ones from import_runs.summary). Runs are locked while looked at and the alert is keyed by the run, so a second
 * instance or a second run of the job raises nothing more.
 */
export async function raiseImportRunAlerts(sql: Sql, now: Date): Promise<number> {
  const rows = await sql.unsafe(`
    WITH checked AS (
      UPDATE import_runs r SET alert_checked_at = $1
      WHERE r.id IN (SELECT id FROM import_runs WHERE alert_checked_at IS NULL AND finished_at IS NOT NULL
                     ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED)
      RETURNING r.id, r.summary
    )
    INSERT INTO alerts (kind, priority, dedupe_key, raised_at, details)
    SELECT 'import_run_review', ${alertPriority('import_run_review')}, 'import_run_review:' || c.id, $1,
           jsonb_build_object('import_run_id', c.id::text)
    FROM checked c
    WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c.summary->'sources') = 'array'
                                                          THEN c.summary->'sources' ELSE '[]'::jsonb END) s
                  WHERE ${sourceToReview})
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`, [now]);
  return rows.length;
}

/**
 * A dispute closed as credit_note_issued `waitDays` days ago (or more) whose credit note is still not in the
 * ledger, while the invoice still owes money: its reminders are paused, so finance and the account manager hear
 * of it once per dispute.
 */
export async function raiseCreditNoteAwaitedAlerts(sql: Sql, now: Date, waitDays: number): Promise<number> {
  const today = sql`((${now}::timestamptz AT TIME ZONE c.timezone)::date)`;
  const rows = await sql`
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, invoice_id, dispute_id, raised_at)
    SELECT 'credit_note_awaited', ${alertPriority('credit_note_awaited')}, 'credit_note_awaited:' || d.id, c.id, i.id, d.id, ${now}
    FROM disputes d JOIN invoices i ON i.id = d.invoice_id JOIN customers c ON c.id = i.customer_id
    JOIN invoice_settlements s ON s.invoice_id = i.id
    WHERE d.status = 'credit_note_issued' AND d.closed_at <= ${now}::timestamptz - make_interval(days => ${waitDays}::int)
      AND s.amount_minor > s.applied_minor
      AND ${creditNoteStillAwaited(sql, 'd', 'i', today)}
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
    importRuns: (now: Date) => raiseImportRunAlerts(sql, now),
    creditNotesAwaited: (now: Date, days: number) => raiseCreditNoteAwaitedAlerts(sql, now, days),
    creditThresholds: (now: Date) => raiseCreditThresholdAlerts(sql, now),
    creditOverdue: (now: Date, days: number) => raiseCreditOverdueAlerts(sql, now, days),
  };
}
