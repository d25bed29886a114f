import type { ImportContext, Positioned, RowReject } from '../../src/ports/ledger-import.js';
import type postgres from 'postgres';
import type { Sql } from './connect.js';

/**
 * Keeps the last row for each key, in key order. A row listed twice in one batch would make
 * INSERT … ON CONFLICT touch the same row twice (an error); "last row wins" matches a file read top-down.
 * Sorting by key makes concurrent importers lock rows in the same order, so they never deadlock.
 */
export function lastWins<T>(batch: readonly Positioned<T>[], key: (row: T) => string): Positioned<T>[] {
  const byKey = new Map<string, Positioned<T>>();
  for (const item of batch) byKey.set(key(item.row), item);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** Splits rows into those whose reference resolved and rejects naming the column. */
export function resolveRefs<T>(
  rows: readonly Positioned<T>[],
  ref: (row: T) => string | null,
  known: ReadonlyMap<string, bigint>,
  column: string,
  missing: (value: string) => string,
): { ok: (Positioned<T> & { id: bigint | null })[]; rejected: RowReject[] } {
  const ok: (Positioned<T> & { id: bigint | null })[] = [];
  const rejected: RowReject[] = [];
  for (const r of rows) {
    const value = ref(r.row);
    if (value === null) ok.push({ ...r, id: null });
    else {
      const id = known.get(value);
      if (id === undefined) rejected.push({ pos: r.pos, column, reason: missing(value) });
      else ok.push({ ...r, id });
    }
  }
  return { ok, rejected };
}

export const col = <T, V>(rows: readonly T[], f: (r: T) => V): V[] => rows.map(f);
export const minor = (v: bigint | null): string | null => (v === null ? null : v.toString());

/**
 * The tail every import upsert shares: one audit row per inserted or updated row of the `up` CTE (which returns
 * id, key and inserted), then the counts and the ids of the updated rows (`updated_ids`, for the checks an update
 * calls for). Unchanged rows are not returned by `up`, so they leave no trace. `extra` adds columns to the result.
 */
export function auditedCounts(tx: Sql, entity: string, keyName: string, ctx: ImportContext, extra?: postgres.Fragment) {
  return tx`
    , audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT ${ctx.actor}, CASE WHEN inserted THEN ${`${entity}.imported`} ELSE ${`${entity}.updated`} END, ${entity}, id,
             jsonb_build_object(${keyName}::text, key, 'import_run', ${ctx.runId.toString()}::int8)
      FROM up
    )
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated,
           coalesce(array_agg(id::text) FILTER (WHERE NOT inserted), '{}') AS updated_ids ${extra ? tx`, ${extra}` : tx``}
    FROM up`;
}
