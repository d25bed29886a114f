import type postgres from 'postgres';
import type { Sql } from './connect.js';

/**
 * True while the invoice of settlement row `alias` (invoice_settlements, our own SQL) still owes money on `date`:
 * remaining(date) = amount − payments received ≤ date − credit notes issued ≤ date > 0. settled_on is the first
 * date remaining reached 0, and remaining never rises again (amounts are positive), so the row answers without
 * reading allocations (migration 002). The in-memory twin is remainingAt in test/support/kpi-oracle/kpi-ledger.ts,
 * held equal by test/integration/kpi-property.test.ts.
 */
export function owesOn(sql: Sql, alias: string, date: postgres.Fragment): postgres.Fragment {
  return sql`coalesce(${sql.unsafe(alias)}.settled_on, 'infinity'::date) > ${date}`;
}
