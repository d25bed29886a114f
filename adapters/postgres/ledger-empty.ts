import type { Sql } from './connect.js';

/** True when the ledger holds no owner, customer, invoice or payment (credit notes and disputes need those). */
export async function isLedgerEmpty(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ empty: boolean }[]>`
    SELECT NOT (EXISTS (SELECT 1 FROM owners) OR EXISTS (SELECT 1 FROM customers)
             OR EXISTS (SELECT 1 FROM invoices) OR EXISTS (SELECT 1 FROM payments)) AS empty`;
  return row!.empty;
}
