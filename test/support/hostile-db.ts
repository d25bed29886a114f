import type { Sql } from '../../adapters/postgres/connect.js';

/**
 * Bookkeeping that hostile input may legitimately touch without changing the ledger: the de-duplication keys of
 * chat interactions (a stale click is remembered so its retry is not re-run) and the schema's own tables.
 */
const bookkeeping = new Set(['processed_interactions', 'schema_migrations', 'app_meta', 'job_runs']);

/** The tables of the public schema that hold business data. */
async function ledgerTables(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  return rows.map((r) => r.name).filter((n) => !bookkeeping.has(n) && /^[a-z_]+$/.test(n));
}

/**
 * A digest of every business table (row count and md5 of its rows as text), in one query: two equal fingerprints
 * mean nothing was inserted, updated or deleted in between.
 * @example expect(await fingerprint(db.sql)).toEqual(before)
 */
export async function fingerprint(sql: Sql): Promise<Record<string, string>> {
  const tables = await ledgerTables(sql);
  const parts = tables.map((t) =>
    `SELECT '${t}' AS t, count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '-') AS f FROM ${t} x`);
  const rows = await sql.unsafe<{ t: string; f: string }[]>(parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}

/** The tables whose fingerprints differ, for a readable failure. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]).sort();
}

/**
 * fast-check settings shared by the hostile suites: a fixed seed (override with FC_SEED to explore), so a failure
 * reproduces; fast-check prints the seed and the shrunk counterexample when a property fails.
 */
export const fcSeed = Number(process.env.FC_SEED ?? 20260320);
export const fcRuns = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), seed: fcSeed });
