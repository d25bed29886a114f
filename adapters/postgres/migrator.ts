import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from './connect.js';

export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export class MigrationError extends Error {
  readonly code = 'migration_refused';
}

/** Reads NNN_name.sql files in version order; refuses gaps in naming or duplicate versions. */
export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const out: Migration[] = [];
  for (const file of files) {
    const m = /^(\d+)_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new MigrationError(`${join(dir, file)}: name must look like 001_what_it_does.sql`);
    const text = await readFile(join(dir, file), 'utf8');
    const version = Number(m[1]);
    if (out.some((x) => x.version === version)) throw new MigrationError(`${join(dir, file)}: version ${version} is used twice`);
    out.push({ version, name: m[2]!, sql: text, checksum: createHash('sha256').update(text).digest('hex') });
  }
  return out;
}

// Any constant shared by every arbot process; pg_advisory_lock serializes concurrent migrators.
const MIGRATION_LOCK = 727_470_001;

/**
 * Applies pending migrations in order, each in its own transaction, recording version and checksum.
 * Refuses to run when an applied migration's file has changed since it was applied.
 * Returns the versions applied by this call (empty when the schema was up to date).
 */
export async function migrate(sql: Sql, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? (await readMigrations());
  const conn = await sql.reserve();
  try {
    // Must come first, so a second migrator waits here instead of racing on CREATE TABLE.
    await conn`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    await conn`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;
    const applied = new Map<number, { name: string; checksum: string }>();
    for (const r of await conn<{ version: number; name: string; checksum: string }[]>`
      SELECT version, name, checksum FROM schema_migrations ORDER BY version`) {
      applied.set(r.version, r);
    }
    for (const [version, row] of applied) {
      const file = all.find((m) => m.version === version);
      if (!file) throw new MigrationError(`migration ${version} (${row.name}) is applied but its file is missing from migrations/`);
      if (file.checksum !== row.checksum) {
        throw new MigrationError(
          `migrations/${String(version).padStart(3, '0')}_${file.name}.sql was changed after it was applied; ` +
            'restore it and put the change in a new migration',
        );
      }
    }
    const done: number[] = [];
    for (const m of all) {
      if (applied.has(m.version)) continue;
      await conn.unsafe('BEGIN');
      try {
        await conn.unsafe(m.sql).simple();
        await conn`INSERT INTO schema_migrations (version, name, checksum) VALUES (${m.version}, ${m.name}, ${m.checksum})`;
        await conn.unsafe('COMMIT');
      } catch (err) {
        await conn.unsafe('ROLLBACK');
        throw new MigrationError(`migration ${m.version}_${m.name}.sql failed: ${(err as Error).message}`, { cause: err });
      }
      done.push(m.version);
    }
    return done;
  } finally {
    await conn`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    conn.release();
  }
}

/** True when every migration file is applied with the same checksum (for readiness checks). */
export async function isSchemaCurrent(sql: Sql, migrations?: Migration[]): Promise<boolean> {
  const all = migrations ?? (await readMigrations());
  const rows = await sql<{ version: number; checksum: string }[]>`
    SELECT version, checksum FROM schema_migrations`.catch(() => []);
  return all.every((m) => rows.some((r) => r.version === m.version && r.checksum === m.checksum));
}
