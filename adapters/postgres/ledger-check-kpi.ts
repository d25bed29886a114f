import type { LedgerViolation } from '../../src/ports/ledger-check.js';
import type { Sql } from './connect.js';
import { collectViolations, differs } from './ledger-check-rows.js';

// kpi_daily (002) and kpi_segment_daily (010), kept by deltas on every settlement change, against their rebuild from
// invoice_settlements as it stands: kpi_segment_daily_expected() computes the rollup from scratch in one pass (the
// migrations fill the tables with it and kpi_daily_expected(), its sum over segments). They share the events' definition
// (kpi_daily_deltas_sql) with the triggers, so this catches deltas lost, doubled or put under the wrong segment; the
// definition itself is held to the pure KPI functions by test/integration/kpi-property.test.ts. A day whose deltas
// all cancel may be stored as a row of zeros or not at all: both read the same, so absent rows count as zeros.

const values = ['sales_minor', 'open_count', 'overdue_count', 'gross_current', 'gross_1_30', 'gross_31_60', 'gross_61_90',
  'gross_91_plus', 'paid_count', 'paid_days_to_pay', 'paid_days_late', 'paid_on_time'] as const;

/** Violations `name` of a full join of `stored` and `rebuilt` (both with the key columns and the values) on `keys`. */
function drift(name: string, stored: string, rebuilt: string, keys: readonly string[], labels?: readonly [string, string]): string {
  const v = (side: string, c: string) => `coalesce(${side}.${c}, 0)`;
  return `
  SELECT '${name}' AS name,
         json_build_object(${keys.map((k) => `'${k}', coalesce(k.${k}, e.${k})::text`).join(', ')}) AS ids,
         concat_ws('; ', ${values.map((c) => differs(c, v('k', c), v('e', c), labels)).join(', ')}) AS detail,
         ${keys.map((k) => `coalesce(k.${k}, e.${k})::text`).join(` || ' ' || `)} AS ord
  FROM (${stored}) k
  FULL JOIN (${rebuilt}) e ON ${keys.map((k) => `e.${k} = k.${k}`).join(' AND ')}
  WHERE (${values.map((c) => v('k', c)).join(', ')}) IS DISTINCT FROM (${values.map((c) => v('e', c)).join(', ')})`;
}

const summed = (from: string) =>
  `SELECT currency, day, ${values.map((c) => `sum(${c})::int8 AS ${c}`).join(', ')} FROM ${from} GROUP BY currency, day`;

/**
 * kpi_segment_daily equals its rebuild, kpi_daily equals that rebuild summed over segments (every invoice's customer
 * exists, so the two rebuilds differ by the sum alone: computing the events once halves the cost), and the stored
 * segments add up to kpi_daily.
 */
export const kpiRollupDrift = `
  WITH rebuilt AS MATERIALIZED (SELECT * FROM kpi_segment_daily_expected())
  ${[
    drift('kpi_daily_drift', 'SELECT * FROM kpi_daily', summed('rebuilt'), ['currency', 'day']),
    drift('kpi_segment_daily_drift', 'SELECT * FROM kpi_segment_daily', 'SELECT * FROM rebuilt', ['segment', 'currency', 'day']),
    drift('kpi_segment_sum_drift', summed('kpi_segment_daily'), 'SELECT * FROM kpi_daily', ['currency', 'day'], [' over segments', ' in kpi_daily']),
  ].map((q) => `(${q})`).join('\nUNION ALL\n')}`;

/** The rollups' drift alone, every row of it (tests that change the ledger row by row call this after each change). */
export async function kpiRollupViolations(sql: Sql): Promise<LedgerViolation[]> {
  return (await collectViolations(sql, kpiRollupDrift, Number.MAX_SAFE_INTEGER)).violations;
}
