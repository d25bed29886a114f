import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../adapters/postgres/connect.js';

export interface TestDb extends Database {
  /** A URL other processes can use (the CLI under test); for embedded, only while this db is open. */
  readonly url: string | null;
  readonly dataDir: string | null;
}

let counter = 0;

/**
 * A fresh, migrated database for one test file: a copy of the run's template.
 * Real server when DATABASE_URL is set, embedded PGlite otherwise.
 */
export async function openTestDb(opts: { max?: number } = {}): Promise<TestDb> {
  const tpl = inject('dbTemplate');
  if (tpl.kind === 'server') {
    const name = `arbot_t_${process.ppid}_${process.pid}_${counter++}_${Date.now().toString(36)}`;
    const admin = postgres(tpl.url, { max: 1, onnotice: () => {} });
    // Two files may copy the template at once; Postgres refuses while another copy holds it, so retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${tpl.template}`);
        break;
      } catch (err) {
        if (attempt > 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const u = new URL(tpl.url);
    u.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: u.toString(), dataDir: '', max: opts.max ?? 10 });
    return {
      ...db,
      url: u.toString(),
      dataDir: null,
      async close() {
        await db.close();
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'arbot-test-'));
  await cp(tpl.dataDir, dataDir, { recursive: true });
  const db = await openDatabase({ dataDir });
  return {
    ...db,
    url: null,
    dataDir,
    async close() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const isEmbedded = () => inject('dbTemplate').kind === 'embedded';
