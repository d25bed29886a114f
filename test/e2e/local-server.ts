import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { testLogger } from '../support/test-log.js';
import { loadDemo, startServer, type Running } from '../../src/main.js';
import type { BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { migrate } from '../../adapters/postgres/migrator.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

/**
 * The workspace these tests drive is the demo of `npm start`: the embedded database holding the demo ledger (the
 * demo clock exists only there). So they run on a fresh embedded database even when the suite runs on a server.
 */
async function openDemoDb(): Promise<TestDb> {
  if (inject('dbTemplate').kind === 'embedded') return openTestDb();
  const dataDir = await mkdtemp(join(tmpdir(), 'arbot-e2e-db-'));
  const db = await openDatabase({ dataDir });
  await migrate(db.sql);
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

/** Listener failures and warnings are kept and reach the test output when a test fails; the rest of the server's log is not. */
const log = testLogger('warn');

export interface LocalServer {
  /** http://127.0.0.1:PORT: the address PUBLIC_BASE_URL names, so dispute links and their origin check work. */
  readonly base: string;
  readonly db: TestDb;
  readonly config: Config;
  readonly dataDir: string;
  readonly running: Running;
  close(): Promise<void>;
}

/** A free loopback port, known before the server starts (PUBLIC_BASE_URL must name it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * arbot as `npm start` runs it, in-process, with the demo ledger dated around `now` (a fixed instant, so the cadence
 * and the alerts are the same on every run), the scheduler off and the local workspace on (also on a DATABASE_URL
 * database, where it needs LOCAL_WORKSPACE=1). `demo: false` starts on an empty ledger; `before` runs on the
 * database just before the server starts.
 */
export async function startLocalServer(
  now: Date, env: Record<string, string> = {},
  opts: { demo?: boolean; before?: (db: TestDb) => Promise<void>; embedded?: boolean } = {},
): Promise<LocalServer> {
  // `embedded`: the demo of `npm start` (browser tests); else the suite's database, server or embedded.
  const db = opts.embedded ? await openDemoDb() : await openTestDb();
  const dataDir = await mkdtemp(join(tmpdir(), 'arbot-local-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_BASE_URL: base, SCHEDULER: 'off', DEMO_LEDGER: 'off',
    LOCAL_WORKSPACE: '1', COMPANY_TIMEZONE: 'UTC', LINK_SECRET: 'local-workspace-test-secret-0123456789abcdef', ...env,
  });
  try {
    if (opts.demo ?? true) await loadDemo(db, config, now);
    await opts.before?.(db);
    const running = await startServer(config, log, { db, now: () => now });
    return {
      base, db, config, dataDir, running,
      async close() {
        await running.stop();
        await db.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** A page of the workspace acting as the demo owner `name` (switched through the "Acting as" form, as a person would). */
export async function actAsIn(base: string, context: BrowserContext, name: string): Promise<Page> {
  const p = await context.newPage();
  p.setDefaultTimeout(15_000);
  await p.goto(`${base}/`);
  const value = await p.locator('#as-user option', { hasText: name }).getAttribute('value');
  await p.getByLabel('Acting as').selectOption(value!);
  await p.getByRole('button', { name: 'Switch' }).click();
  await p.waitForFunction(`document.querySelector('#as-user option:checked')?.textContent?.includes(${JSON.stringify(name)})`);
  return p;
}

/** The first message of the page whose text holds `text`. */
export const message = (p: Page, text: string) => p.locator('article.msg', { hasText: text }).first();
