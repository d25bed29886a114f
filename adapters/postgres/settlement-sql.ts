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

/**
 * The minor units invoice `i` (our own SQL's alias) still owes on `date` (a date expression: a constant, or each
 * customer's own today): its amount less the payments received, the credit notes issued and the early-payment discounts
 * earned (on their payment's received date, migration 026) by then. The one home
 * of this sum; where only "owes or not" matters, owesOn reads the settlement row instead.
 */
export function remainingOn(sql: Sql, date: postgres.Fragment): postgres.Fragment {
  return sql`
  i.amount_minor
    - coalesce((SELECT sum(a.amount_minor)::int8 FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                 WHERE a.invoice_id = i.id AND p.received_date <= ${date}), 0)
    - coalesce((SELECT sum(n.amount_minor)::int8 FROM credit_notes n
                 WHERE n.invoice_id = i.id AND n.issued_date <= ${date}), 0)
    - coalesce((SELECT sum(d.amount_minor)::int8 FROM discount_allocations d JOIN payments p ON p.id = d.payment_id
                 WHERE d.invoice_id = i.id AND p.received_date <= ${date}), 0)`;
}
