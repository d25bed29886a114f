import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Admin } from './bench-db.js';
import { invoiceColumns } from './ledger-csv.js';

/**
 * The floor the import is measured against: COPY of the same invoices.csv into a table shaped like the CSV,
 * with the indexes `invoices` has (identity key, unique external_id and number, customer, upper(number),
 * due and issue dates), but no validation, no reference lookups, no audit rows.
 */
export async function timeBareCopy(sql: Admin, invoicesCsv: string, signal?: AbortSignal): Promise<{ seconds: number; rows: number }> {
  await sql`
    CREATE TABLE bench_copy_invoices (
      id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      external_id          text NOT NULL UNIQUE,
      number               text NOT NULL UNIQUE,
      customer_external_id text NOT NULL,
      issue_date           date NOT NULL,
      due_date             date NOT NULL,
      currency             char(3) NOT NULL,
      amount               numeric NOT NULL,
      po_number            text,
      client_reference     text,
      proof_url            text,
      pay_url              text
    )`;
  await sql`CREATE INDEX ON bench_copy_invoices (customer_external_id)`;
  await sql`CREATE INDEX ON bench_copy_invoices (upper(number))`;
  await sql`CREATE INDEX ON bench_copy_invoices (due_date)`;
  await sql`CREATE INDEX ON bench_copy_invoices (issue_date)`;
  const started = performance.now();
  const copy = await sql
    .unsafe(`COPY bench_copy_invoices (${invoiceColumns.join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`)
    .writable();
  await pipeline(createReadStream(invoicesCsv), copy, signal ? { signal } : {});
  const seconds = (performance.now() - started) / 1000;
  const [r] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM bench_copy_invoices`;
  // Out of the way before the import runs, so the import starts on the same empty footing.
  await sql`DROP TABLE bench_copy_invoices`;
  return { seconds, rows: r!.n };
}
