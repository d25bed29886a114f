import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandHost } from '../../adapters/cli-channel/command-host.js';
import { acquireDataDirLock, lockSocketPath } from '../../adapters/cli-channel/data-dir-lock.js';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { ledgerCsv, writeCsvFiles } from '../support/csv-files.js';
import { childEnv, runArbot, startArbot } from '../support/spawn-cli.js';

// Real processes on an embedded DATA_DIR (PGlite), whatever database the rest of the run uses: the lock and the
// channel exist only for the embedded database.

const token = 'embedded-writer-token-0123456789';
let files: Record<string, string>;
let badOwners: Record<string, string>;
const dirs: string[] = [];

beforeAll(async () => {
  files = await writeCsvFiles({ owners: ledgerCsv.owners, customers: ledgerCsv.customers, invoices: ledgerCsv.invoices, payments: ledgerCsv.payments });
  badOwners = await writeCsvFiles({ owners: [ledgerCsv.owners[0]!, 'bad-email,X,sales,,,'] });
});
afterAll(async () => {
  for (const d of [...dirs, dirname(files.owners!), dirname(badOwners.owners!)]) await rm(d, { recursive: true, force: true });
});

async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'arbot-writer-'));
  dirs.push(dir);
  return join(dir, 'data');
}

const envFor = (dataDir: string, extra: Record<string, string> = {}) => childEnv({
  DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', API_TOKEN: token, COMPANY_TIMEZONE: 'Europe/Paris', ...extra,
});

async function ledgerCounts(dataDir: string) {
  const db = await openDatabase({ dataDir });
  try {
    const [r] = await db.sql<Record<string, number>[]>`
      SELECT (SELECT count(*) FROM owners)::int AS owners, (SELECT count(*) FROM customers)::int AS customers,
             (SELECT count(*) FROM invoices)::int AS invoices, (SELECT count(*) FROM payments)::int AS payments,
             (SELECT count(*) FROM promises_to_pay)::int AS promises`;
    return r!;
  } finally {
    await db.close();
  }
}

const importAll = () => ['import', '--owners', files.owners!, '--customers', files.customers!, '--invoices', files.invoices!];
const oneLine = /^arbot: [^\n]+\n$/;

describe('one writer per embedded DATA_DIR', () => {
  let dataDir: string;
  let forwardedKpi: string;

  beforeAll(async () => {
    dataDir = await newDataDir();
    // Created and migrated by a CLI command of its own, so that the servers below only reopen it.
    const migrated = await runArbot(['migrate'], envFor(dataDir));
    // Its log (the migrations applied) is on stderr, info lines only: stdout is the command's output.
    expect(migrated.stderr).toMatch(/^(\{"level":30,[^\n]*\n)+$/);
    expect(migrated.stdout).toMatch(/^schema is up to date/);
    expect(migrated.code).toBe(0);
  }, 240_000);

  it('a second process imports through the running server: the server sees the rows, and they stay after it stops', async () => {
    const app = await startArbot(envFor(dataDir, { DEMO_LEDGER: 'off' }));
    try {
      const r = await runArbot(importAll(), envFor(dataDir));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/invoices\s+\S+invoices\.csv: 5 rows: 5 inserted, 0 updated, 0 unchanged, 0 rejected\n/);

      // The server's own handle sees them (the HTTP API reads through it).
      const res = await fetch(`http://127.0.0.1:${app.port}/api/v1/kpi?as_of=2026-03-01&currency=EUR`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.json() as { currencies: { currency: string; open_ar: string; open_count: number }[] };
      expect(body.currencies).toMatchObject([{ currency: 'EUR', open_ar: '1250.50', open_count: 2 }]);

      const kpi = await runArbot(['kpi', '--as-of', '2026-03-01', '--json'], envFor(dataDir));
      expect(kpi.code).toBe(0);
      forwardedKpi = kpi.stdout;
      expect(JSON.parse(forwardedKpi).currencies.map((c: { currency: string }) => c.currency)).toEqual(['EUR', 'KWD', 'USD']);

      // Exit code 3 and file:line on stderr come back as a local run gives them; a relative name is found from
      // the caller's folder and printed as given.
      const bad = await runArbot(['import', '--owners', basename(badOwners.owners!)], envFor(dataDir), { cwd: dirname(badOwners.owners!) });
      expect(bad.stderr).toBe('owners.csv:2: email: not an email address: "bad-email"\n');
      expect(bad.code).toBe(3);
      expect(bad.stdout).toBe('owners       owners.csv: 1 rows: 0 inserted, 0 updated, 0 unchanged, 1 rejected\n');
    } finally {
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    }
    // Reopened by a process of its own: the rows are there, and its stdout is the forwarded one byte for byte.
    expect(existsSync(await lockSocketPath(dataDir))).toBe(false);
    const local = await runArbot(['kpi', '--as-of', '2026-03-01', '--json'], envFor(dataDir));
    expect(local.code).toBe(0);
    expect(local.stdout).toBe(forwardedKpi);
    expect(await ledgerCounts(dataDir)).toMatchObject({ owners: 2, customers: 3, invoices: 5 });
  }, 240_000);

  it('a second arbot serve on the same DATA_DIR exits 1 with one line', async () => {
    const app = await startArbot(envFor(dataDir, { DEMO_LEDGER: 'off' }));
    try {
      const second = await runArbot(['serve'], envFor(dataDir, { DEMO_LEDGER: 'off' }), { timeoutMs: 90_000 });
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toMatch(oneLine);
      expect(second.stderr).toMatch(/arbot serve \(pid \d+\) is running on the embedded database in .*; stop it first/);
      // The first one is unaffected.
      const kpi = await runArbot(['kpi', '--as-of', '2026-03-01', '--json'], envFor(dataDir));
      expect(kpi.stdout).toBe(forwardedKpi);
    } finally {
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    }
  }, 240_000);

  it('while a CLI command holds DATA_DIR, another command and a server exit 1 with one line and write nothing', async () => {
    // This test process holds DATA_DIR as a running `arbot import` does.
    const got = await acquireDataDirLock(dataDir, commandHost('import', dataDir, 'busy').onConnection);
    if (!('held' in got)) throw new Error('DATA_DIR is held by another process');
    try {
      const r = await runArbot(['import', '--payments', files.payments!], envFor(dataDir), { timeoutMs: 90_000 });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(oneLine);
      expect(r.stderr).toContain(`arbot import (pid ${process.pid}) is using the embedded database in ${dataDir}; run this again when it has finished`);
      const serve = await runArbot(['serve'], envFor(dataDir), { timeoutMs: 90_000 });
      expect(serve.code).toBe(1);
      expect(serve.stdout).toBe('');
      expect(serve.stderr).toMatch(oneLine);
    } finally {
      await got.held.release();
    }
    expect(await ledgerCounts(dataDir)).toMatchObject({ payments: 0 });
  }, 240_000);

  it('kill -9 of the server frees DATA_DIR: the next start takes it over', async () => {
    const first = await startArbot(envFor(dataDir, { DEMO_LEDGER: 'off' }));
    first.child.kill('SIGKILL');
    await first.exited;
    // The socket file is left behind; nothing listens on it any more.
    expect(existsSync(await lockSocketPath(dataDir))).toBe(true);
    const next = await startArbot(envFor(dataDir, { DEMO_LEDGER: 'off' }));
    try {
      const kpi = await runArbot(['kpi', '--as-of', '2026-03-01', '--json'], envFor(dataDir));
      expect(kpi.code).toBe(0);
      expect(kpi.stdout).toBe(forwardedKpi);
    } finally {
      next.child.kill('SIGTERM');
      expect(await next.exited).toBe(0);
    }
  }, 240_000);
});

describe('the demo ledger goes only into an empty embedded database', () => {
  it('import into a new DATA_DIR, then start: no demo beside the imported rows, and `arbot demo` exits 1', async () => {
    const dataDir = await newDataDir();
    const imported = await runArbot(importAll(), envFor(dataDir));
    expect(imported.code).toBe(0);
    const app = await startArbot(envFor(dataDir)); // DEMO_LEDGER=auto, the default
    try {
      expect(app.logs()).toContain('the demo ledger was not loaded: the new embedded database already holds imported rows');
      const demo = await runArbot(['demo'], envFor(dataDir));
      expect(demo.code).toBe(1);
      expect(demo.stdout).toBe('');
      expect(demo.stderr).toMatch(oneLine);
      expect(demo.stderr).toContain('the demo ledger only goes into an empty database');
    } finally {
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    }
    expect(await ledgerCounts(dataDir)).toEqual({ owners: 2, customers: 3, invoices: 5, payments: 0, promises: 0 });
  }, 240_000);
});
