import { raiseAlert } from './alerts.js';
import type { Sql } from './connect.js';
import { remainingOn } from './settlement-sql.js';

/**
 * Settles active promises as of `now`: kept when the invoice is paid, broken when the promised date plus grace
 * has passed in the customer's zone with money still owed. A broken promise resumes the cadence and is flagged.
 */
export async function sweepPromises(sql: Sql, now: Date, graceDays: number): Promise<{ kept: number; broken: number }> {
  return sql.begin(async (raw) => {
    const tx = raw as unknown as Sql;
    const rows = await tx<{ id: bigint; status: string; invoice_id: bigint; customer_id: bigint; promised_date: string }[]>`
      WITH state AS (
        SELECT p.id, i.id AS invoice_id, c.id AS customer_id, p.promised_date,
               (${now}::timestamptz AT TIME ZONE c.timezone)::date AS today,
               ${remainingOn(tx, tx`(${now}::timestamptz AT TIME ZONE c.timezone)::date`)} AS remaining
        FROM promises_to_pay p JOIN invoices i ON i.id = p.invoice_id JOIN customers c ON c.id = i.customer_id
        WHERE p.status = 'active' AND p.created_at <= ${now}
      )
      UPDATE promises_to_pay p
      SET status = CASE WHEN s.remaining <= 0 THEN 'kept' ELSE 'broken' END, resolved_at = ${now}
      FROM state s
      WHERE p.id = s.id AND (s.remaining <= 0 OR s.today > s.promised_date + ${graceDays}::int)
      RETURNING p.id, p.status, s.invoice_id, s.customer_id, s.promised_date::text AS promised_date`;
    for (const r of rows) {
      await tx`INSERT INTO audit_log (actor, action, entity, entity_id, details)
               VALUES ('cadence', ${`promise.${r.status}`}, 'invoice', ${r.invoice_id.toString()}::int8,
                       ${tx.json({ promise_id: r.id.toString(), promised_date: r.promised_date })})`;
      if (r.status === 'broken') {
        await raiseAlert(tx, {
          kind: 'promise_broken', dedupeKey: `promise_broken:${r.id}`, customerId: r.customer_id, invoiceId: r.invoice_id,
          details: { promise_id: r.id.toString(), promised_date: r.promised_date }, raisedAt: now,
        });
      }
    }
    return { kept: rows.filter((r) => r.status === 'kept').length, broken: rows.filter((r) => r.status === 'broken').length };
  }) as Promise<{ kept: number; broken: number }>;
}
