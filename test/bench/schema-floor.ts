import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Admin } from './bench-db.js';
import { invoiceColumns } from './ledger-csv.js';

/**
 * What arbot's own schema costs for the invoices, whatever the importer: the same rows written in ONE set-based
 * statement from a staging table into `invoices` (its indexes, the customer foreign key, the triggers that keep
 * invoice_settlements and kpi_daily, and one audit row each), with no validation, no batches, no round trips.
 * Run after the import, on the loaded ledger, under new keys, in a transaction rolled back at the end: it leaves
 * nothing behind. The import's time over this one is what batching, validation and reporting cost.
 */
export async function timeSchemaFloor(sql: Admin, invoicesCsv: string, signal?: AbortSignal): Promise<{ seconds: number; rows: number }> {
  const conn = await sql.reserve();
  try {
    await conn`
      CREATE TEMP TABLE bench_floor_stage (
        external_id text, number text, customer_external_id text, issue_date date, due_date date, currency text,
        amount numeric, po_number text, client_reference text, proof_url text, pay_url text
      )`;
    const copy = await conn
      .unsafe(`COPY bench_floor_stage (${invoiceColumns.join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`)
      .writable();
    await pipeline(createReadStream(invoicesCsv), copy, signal ? { signal } : {});
    await conn`ANALYZE bench_floor_stage`;
    await conn`BEGIN`;
    try {
      const started = performance.now();
      const [r] = await conn<{ n: number }[]>`
        WITH up AS (
          INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor, po_number,
                                client_reference, proof_url, pay_url)
          SELECT 'floor-' || s.external_id, 'floor-' || s.number, c.id, s.issue_date, s.due_date, s.currency,
                 (s.amount * 100)::int8, s.po_number, s.client_reference, s.proof_url, s.pay_url
          FROM bench_floor_stage s JOIN customers c ON c.external_id = s.customer_external_id
          RETURNING id, external_id
        ), audit AS (
          INSERT INTO audit_log (actor, action, entity, entity_id, details)
          SELECT 'bench', 'invoice.imported', 'invoice', id, jsonb_build_object('external_id', external_id) FROM up
        )
        SELECT count(*)::int AS n FROM up`;
      return { seconds: (performance.now() - started) / 1000, rows: r!.n };
    } finally {
      await conn`ROLLBACK`;
      await conn`DROP TABLE bench_floor_stage`;
    }
  } finally {
    conn.release();
  }
}
