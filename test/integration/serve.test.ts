import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { ledgerCsv, writeCsvFiles } from '../support/csv-files.js';
import { get } from '../support/http.js';
import { childEnv, runArbot, startArbot } from '../support/spawn-cli.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';

let dataDir: string;
let serverDb: TestDb | null = null;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'arbot-serve-'));
  // On a real server, the child gets its own database; embedded, its own data folder.
  if (!isEmbedded()) serverDb = await openTestDb();
});
afterAll(async () => {
  await serverDb?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) =>
  childEnv({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: serverDb?.url ?? undefined, ...extra });

async function ledgerCounts() {
  const db = serverDb ?? (await openDatabase({ dataDir }));
  try {
    const [r] = await db.sql<Record<string, number>[]>`
      SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM invoices)::int AS invoices,
             (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(DISTINCT segment) FROM customers)::int AS segments,
             (SELECT count(*) FROM disputes WHERE closed_at IS NULL)::int AS open_disputes,
             (SELECT count(*) FROM promises_to_pay)::int AS promises`;
    return r!;
  } finally {
    if (!serverDb) await db.close();
  }
}

describe('arbot serve', () => {
  it('starts with no configuration, answers /healthz, says what is not configured, and stops cleanly on SIGTERM', async () => {
    const app = await startArbot(env());
    expect(await get(`http://127.0.0.1:${app.port}/healthz`)).toMatchObject({ status: 200 });
    expect(app.logs()).toMatch(/Slack: not configured/);
    expect(app.logs()).toMatch(/SendGrid: not configured/);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  }, 120_000);

  it.runIf(isEmbedded())('loads the demo ledger on the first embedded start only', async () => {
    const first = await ledgerCounts();
    expect(first).toMatchObject({ customers: 14, segments: 3, open_disputes: 2, promises: 1 });
    expect(first.invoices).toBeGreaterThan(20);
    // Jobs off here: an alerts run (every minute) would escalate the demo's old dispute and add an audit row.
    const again = await startArbot(env({ SCHEDULER: 'off' }));
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
    expect(await ledgerCounts()).toEqual(first);
  }, 120_000);

  it.skipIf(isEmbedded())('never loads the demo into a database given by DATABASE_URL', async () => {
    expect(await ledgerCounts()).toMatchObject({ customers: 0, invoices: 0 });
  });

  it('refuses a bad setting with one line naming it and exit 1', async () => {
    const r = await runArbot(['serve'], env({ PORT: 'eighty' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('arbot: configuration: PORT: expected an integer from 0 to 65535 (got "eighty")\n');
  }, 60_000);

  it('exits 3 from `arbot import` when rows are rejected, with file:line on stderr', async () => {
    const files = await writeCsvFiles({ owners: [ledgerCsv.owners[0]!, 'bad-email,X,sales,,,', ledgerCsv.owners[1]!] });
    const r = await runArbot(['import', '--owners', files.owners!], env());
    expect(r.stderr).toBe(`${files.owners}:2: email: not an email address: "bad-email"\n`);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/2 rows: \d inserted, \d updated, \d unchanged, 1 rejected/);
  }, 120_000);
});
