import type { LedgerCheckName, LedgerViolation } from '../../src/ports/ledger-check.js';
import type { Sql } from './connect.js';

export interface CheckRows {
  readonly violations: LedgerViolation[];
  readonly found: Partial<Record<LedgerCheckName, number>>;
}

/**
 * Runs one check query, plain SQL yielding `name` (the check), `ids` (a json object of text), `detail` and `ord` (text: the order
 * to list them in), and keeps the first `limit` rows of each check while counting them all. The queries are fixed
 * texts (no input reaches them), so they run as given; `limit` is the only parameter.
 */
export async function collectViolations(tx: Sql, query: string, limit: number): Promise<CheckRows> {
  const rows = await tx.unsafe<{ name: LedgerCheckName; ids: Record<string, string>; detail: string; found: bigint }[]>(`
    SELECT v.name, v.ids, v.detail, v.found
    FROM (
      SELECT v.name, v.ids, v.detail, row_number() OVER (PARTITION BY v.name ORDER BY v.ord) AS n,
             count(*) OVER (PARTITION BY v.name) AS found
      FROM (${query}) v
    ) v
    WHERE v.n <= $1
    ORDER BY v.name, v.n`, [limit]);
  const found: Partial<Record<LedgerCheckName, number>> = {};
  for (const r of rows) found[r.name] = Number(r.found);
  return { violations: rows.map((r) => ({ check: r.name, ids: r.ids, detail: r.detail })), found };
}

/**
 * SQL for a piece of a detail when a column differs between the stored row and the rebuilt one, e.g.
 * "applied_minor 500, rebuilt 700"; NULL (which concat_ws skips) when equal.
 */
export const differs = (column: string, stored: string, rebuilt: string, labels: readonly [string, string] = ['', ' rebuilt']) =>
  `CASE WHEN ${stored} IS DISTINCT FROM ${rebuilt} THEN format('${column} %s${labels[0]},${labels[1]} %s', ` +
  `coalesce(${stored}::text, 'null'), coalesce(${rebuilt}::text, 'null')) END`;
