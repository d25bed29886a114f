import type { Positioned, RowReject } from '../../src/ports/ledger-import.js';

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
