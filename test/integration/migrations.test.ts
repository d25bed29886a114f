import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { migrate, readMigrations, MigrationError, isSchemaCurrent } from '../../adapters/postgres/migrator.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';
import { inject } from 'vitest';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

describe('migrations', () => {
  it('applies every file once and records its checksum; a second run is a no-op', async () => {
    const files = await readMigrations();
    const rows = await db.sql<{ version: number; checksum: string }[]>`SELECT version, checksum FROM schema_migrations ORDER BY version`;
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    expect(await migrate(db.sql)).toEqual([]);
    expect(await isSchemaCurrent(db.sql)).toBe(true);
  });

  it('refuses to run when an applied migration was edited, and changes nothing', async () => {
    const files = await readMigrations();
    const edited = files.map((f, i) => (i === 0 ? { ...f, sql: `${f.sql}\n-- edit`, checksum: 'different' } : f));
    await expect(migrate(db.sql, edited)).rejects.toThrow(MigrationError);
    await expect(migrate(db.sql, edited)).rejects.toThrow(/001_ledger\.sql was changed after it was applied/);
    expect(await isSchemaCurrent(db.sql, edited)).toBe(false);
  });

  it('rolls back a failing migration entirely and names it', async () => {
    const files = await readMigrations();
    const broken = [...files, { version: 999, name: 'broken', checksum: 'x', sql: 'CREATE TABLE half_done (id int); SELECT 1/0;' }];
    await expect(migrate(db.sql, broken)).rejects.toThrow(/migration 999_broken\.sql failed: division by zero/);
    const [t] = await db.sql`SELECT to_regclass('half_done') AS t`;
    expect(t!.t).toBeNull();
    const [v] = await db.sql`SELECT count(*)::int AS n FROM schema_migrations WHERE version = 999`;
    expect(v!.n).toBe(0);
  });

  it('keeps the audit trail append-only', async () => {
    await db.sql`INSERT INTO audit_log (actor, action, entity) VALUES ('test', 'test.done', 'nothing')`;
    await expect(db.sql`UPDATE audit_log SET actor = 'someone else'`).rejects.toThrow(/append-only/);
    await expect(db.sql`DELETE FROM audit_log`).rejects.toThrow(/append-only/);
  });

  it.skipIf(isEmbedded())('lets two processes migrate one empty database at once without collision (real server)', async () => {
    const tpl = inject('dbTemplate');
    if (tpl.kind !== 'server') return;
    const name = `arbot_t_${process.ppid}_${process.pid}_race`;
    const admin = postgres(tpl.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const u = new URL(tpl.url);
    u.pathname = `/${name}`;
    const a = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    const b = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    try {
      const [ra, rb] = await Promise.all([migrate(a.sql), migrate(b.sql)]);
      expect([...ra, ...rb].sort((a, b) => a - b)).toEqual((await readMigrations()).map((m) => m.version));
      const [n] = await a.sql`SELECT count(*)::int AS n FROM schema_migrations`;
      expect(n!.n).toBe((await readMigrations()).length);
    } finally {
      await a.close();
      await b.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
