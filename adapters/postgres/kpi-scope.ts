import type postgres from 'postgres';
import type { KpiGrouping, KpiScope } from '../../src/ports/kpi-store.js';
import type { Sql } from './connect.js';
import { owesOn } from './settlement-sql.js';

// Fragments shared by the KPI queries. Every query reads `i`, either invoice_settlements (open, disputed and
// paid invoices) or invoices (sales), which share the columns used here, and, when a segment or a grouping
// needs it, `customers c`; the group key is '' without grouping. Filters are spliced in only when given, so each
// shape gets its own plan rather than one generic plan full of "$1 IS NULL OR …".

export type Fragment = postgres.Fragment;

export interface KpiShape {
  readonly scope: KpiScope;
  readonly groupBy?: KpiGrouping | undefined;
}

const needsCustomers = (s: KpiShape) => s.scope.segment !== undefined || s.groupBy !== undefined;

/** `JOIN customers c` when the shape needs the customer. */
export function customerJoin(sql: Sql, s: KpiShape): Fragment {
  return needsCustomers(s) ? sql`JOIN customers c ON c.id = i.customer_id` : sql``;
}

/** `AND …` conditions of the scope. */
export function scopeFilter(sql: Sql, s: KpiShape): Fragment {
  const currency = s.scope.currency === undefined ? sql`` : sql`AND i.currency = ${s.scope.currency}`;
  const segment = s.scope.segment === undefined ? sql`` : sql`AND c.segment = ${s.scope.segment}`;
  return sql`${currency} ${segment}`;
}

/** The group key as text: the segment, the sales owner's id, or ''. */
export function groupKey(sql: Sql, s: KpiShape): Fragment {
  if (s.groupBy === 'segment') return sql`c.segment`;
  if (s.groupBy === 'sales_owner') return sql`coalesce(c.sales_owner_id::text, '')`;
  return sql`''::text`;
}

/**
 * Money applied to invoice `i` (its invoice_settlements row) on or before D, as int8. The summary answers
 * without reading allocations unless money was applied both on or before D and after D.
 */
export function appliedThrough(sql: Sql, date: Fragment): Fragment {
  return sql`(CASE
    WHEN i.first_applied_on IS NULL OR i.first_applied_on > ${date} THEN 0
    WHEN i.last_applied_on <= ${date} THEN i.applied_minor
    ELSE coalesce((SELECT sum(a.amount_minor) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                   WHERE a.invoice_id = i.invoice_id AND p.received_date <= ${date}), 0)::int8
       + coalesce((SELECT sum(n.amount_minor) FROM credit_notes n
                   WHERE n.invoice_id = i.invoice_id AND n.issued_date <= ${date}), 0)::int8
       + coalesce((SELECT sum(d.amount_minor) FROM discount_allocations d JOIN payments p ON p.id = d.payment_id
                   WHERE d.invoice_id = i.invoice_id AND p.received_date <= ${date}), 0)::int8
  END)`;
}

/** remaining(i, D) = amount − applied on or before D, as int8. */
export function remainingAt(sql: Sql, date: Fragment): Fragment {
  return sql`(i.amount_minor - ${appliedThrough(sql, date)})`;
}

/** Open at D (issued on or before D, remaining > 0), through the settlement summary. */
export function openAt(sql: Sql, date: Fragment): Fragment {
  return sql`i.issue_date <= ${date} AND ${owesOn(sql, 'i', date)}`;
}

/** A date parameter as a fragment. */
export function dateParam(sql: Sql, date: string): Fragment {
  return sql`${date}::date`;
}
