import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSendGridSender } from '../../adapters/email/sendgrid-sender.js';
import { postgresCadenceStore } from '../../adapters/postgres/cadence-store.js';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { runCli } from '../../src/cli/main.js';
import { capture } from '../support/csv-files.js';
import { cadenceConfig, importD3Ledger, importRows, owner, quietLog } from '../support/cadence-ledger.js';
import { sendGridError, startFakeSendGrid, tooManyRequests, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';

let db: TestDb;
let sendgrid: FakeSendGrid;
let deps: CadenceDeps;
let n = 0;

// Each test gets customers of its own; all are Paris, standard, with one invoice due Tuesday 10 March 2026,
// whose D+3 reminder is due on Friday 13 March at 09:00 (08:00Z).
const overdueTick = new Date('2026-03-13T08:30:00Z');

async function ledger(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `C${++n}`);
  await importD3Ledger(db.sql, ids);
  return ids;
}

async function emailsOf(ids: string[]) {
  return db.sql<{ customer: string; step: string; status: string; attempts: number; last_error: string | null }[]>`
    SELECT c.external_id AS customer, e.step_key AS step, e.status, e.attempts, e.last_error
    FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
    WHERE c.external_id = ANY(${ids}) AND e.step_key <> 'upcoming' ORDER BY c.external_id`;
}

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  deps = await cadenceDeps(cadenceConfig(sendgrid), db.sql, quietLog);
  await importRows(db.sql, { owners: [owner] });
});
beforeEach(() => sendgrid.reset());
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

describe('cadence engine', () => {
  it('plans without writing or sending on a dry run', async () => {
    const ids = await ledger(2);
    const r = await runCadenceTick(deps, overdueTick, { dryRun: true });
    expect(r.planned.filter((p) => ids.includes(p.customerExternalId)).map((p) => p.step.key)).toEqual(['overdue', 'overdue']);
    expect(await emailsOf(ids)).toEqual([]);
    expect(sendgrid.requests).toHaveLength(0);
    await runCadenceTick(deps, overdueTick); // leave nothing due for the next tests
  });

  it('retries a 429 honouring Retry-After and then sends once', async () => {
    const ids = await ledger(1);
    sendgrid.enqueue(tooManyRequests(0));
    const r = await runCadenceTick(deps, overdueTick);
    expect(r.sent).toBe(1);
    expect(sendgrid.requests.map((q) => q.answer)).toEqual([429, 202]);
    expect(await emailsOf(ids)).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });

  it('requeues a send SendGrid keeps refusing with 5xx, and sends it on a later tick', async () => {
    const ids = await ledger(1);
    sendgrid.setDefault({ status: 503 });
    // The sender's own backoff between its attempts is real time; skip the waiting here.
    const impatient = createSendGridSender({ apiKey: sendgrid.apiKey, baseUrl: sendgrid.url, retry: { maxAttempts: 3, maxWaitMs: 60_000 }, sleep: async () => {} });
    const first = await runCadenceTick({ ...deps, sender: impatient }, overdueTick);
    expect(sendgrid.requests.map((q) => q.answer)).toEqual([503, 503, 503]);
    expect(first.retried).toBe(1);
    expect(await emailsOf(ids)).toMatchObject([{ status: 'queued', attempts: 1, last_error: expect.stringMatching(/503/) }]);
    sendgrid.setDefault(null);
    await runCadenceTick(deps, new Date(overdueTick.getTime() + 30 * 60_000)); // past the 1-minute backoff
    expect(await emailsOf(ids)).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('marks a 400 failed with the reason and raises an alert for the owner', async () => {
    const ids = await ledger(1);
    sendgrid.enqueue(sendGridError(400, 'The to email does not contain a valid address.', 'personalizations.0.to'));
    const r = await runCadenceTick(deps, overdueTick);
    expect(r.failed).toBe(1);
    const [e] = await emailsOf(ids);
    expect(e).toMatchObject({ status: 'failed', last_error: expect.stringContaining('does not contain a valid address') });
    const alerts = await db.sql`SELECT a.kind FROM alerts a JOIN customers c ON c.id = a.customer_id WHERE c.external_id = ${ids[0]!}`;
    expect(alerts).toEqual([{ kind: 'email_failed' }]);
  });

  it('flags a connection reset after the request went out as in doubt, and never resends it', async () => {
    const ids = await ledger(1);
    sendgrid.enqueue({ destroySocket: true });
    const r = await runCadenceTick(deps, overdueTick);
    expect(r.in_doubt).toBe(1);
    await runCadenceTick(deps, new Date(overdueTick.getTime() + 3 * 3600_000));
    expect(sendgrid.requests).toHaveLength(1);
    expect(await emailsOf(ids)).toMatchObject([{ status: 'in_doubt' }]);
  });

  it('turns a send left "sending" by a crashed process into in doubt, with an alert, never a second send', async () => {
    const ids = await ledger(1);
    const store = postgresCadenceStore(db.sql);
    // Claim as a tick would, then "crash" between marking it sending and hearing from SendGrid.
    await runCadenceTick({ ...deps, sender: { name: 'crash', send: () => new Promise(() => {}) } }, overdueTick, { dryRun: true });
    const claimDeps: CadenceDeps = { ...deps, store: { ...store, dueEmailIds: async () => [] } };
    await runCadenceTick(claimDeps, overdueTick);
    const [queued] = await db.sql<{ id: bigint }[]>`
      SELECT e.id FROM reminder_emails e JOIN customers c ON c.id = e.customer_id WHERE c.external_id = ${ids[0]!} AND e.status = 'queued'`;
    expect(await store.startSending(queued!.id, overdueTick)).not.toBeNull();
    await runCadenceTick(deps, new Date(overdueTick.getTime() + 5 * 60_000));
    expect(await emailsOf(ids)).toMatchObject([{ status: 'sending' }]); // not stale yet: maybe still in flight
    await runCadenceTick(deps, new Date(overdueTick.getTime() + 11 * 60_000));
    expect(await emailsOf(ids)).toMatchObject([{ status: 'in_doubt' }]);
    expect(sendgrid.requests).toHaveLength(0);
    const [alert] = await db.sql`SELECT kind FROM alerts WHERE email_id = ${queued!.id.toString()}::int8`;
    expect(alert).toEqual({ kind: 'email_in_doubt' });
  });

  it('plans but does not send for customers outside the cohort', async () => {
    const [inside, outside] = await ledger(2);
    const cohortDeps = await cadenceDeps(cadenceConfig(sendgrid, { CADENCE_COHORT: `customers:${inside}` }), db.sql, quietLog);
    const r = await runCadenceTick(cohortDeps, overdueTick);
    const planned = Object.fromEntries(r.planned.map((p) => [p.customerExternalId, p.inCohort]));
    expect(planned).toMatchObject({ [inside!]: true, [outside!]: false });
    expect((await emailsOf([inside!, outside!])).map((e) => e.customer)).toEqual([inside]);
  });

  it('pauses a customer on hold and resumes when the hold is released', async () => {
    const [id] = await ledger(1);
    await db.sql`INSERT INTO reminder_holds (customer_id, reason, created_by, created_at)
                 SELECT id, 'CFO on holiday', 'ana@acme.example', '2026-03-01' FROM customers WHERE external_id = ${id!}`;
    const held = await runCadenceTick(deps, overdueTick);
    expect(held.paused.on_hold).toBeGreaterThanOrEqual(1);
    expect(await emailsOf([id!])).toEqual([]);
    await db.sql`UPDATE reminder_holds SET released_at = '2026-03-14T10:00:00Z' WHERE customer_id = (SELECT id FROM customers WHERE external_id = ${id!})`;
    await runCadenceTick(deps, new Date('2026-03-16T08:30:00Z'));
    expect(await emailsOf([id!])).toMatchObject([{ step: 'overdue', status: 'sent' }]);
  });

  it.skipIf(isEmbedded())('lets two engines tick the same ledger at once without sending anything twice (real server)', async () => {
    const ids = await ledger(40);
    const other = await openDatabase({ databaseUrl: db.url!, dataDir: '' });
    try {
      const second = await cadenceDeps(cadenceConfig(sendgrid), other.sql, quietLog);
      const [a, b] = await Promise.all([runCadenceTick(deps, overdueTick), runCadenceTick(second, overdueTick)]);
      expect(a.claimed + b.claimed).toBe(40);
      expect(a.sent + b.sent).toBe(40);
      const sentTo = sendgrid.accepted().map((x) => x.personalizations[0].to[0].email);
      expect(new Set(sentTo).size).toBe(40);
      expect(sentTo).toHaveLength(40);
      expect((await emailsOf(ids)).every((e) => e.status === 'sent')).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('arbot cadence and policy commands', () => {
  const cli = async (...argv: string[]) => {
    const out = capture();
    const err = capture();
    const code = await runCli(argv, {
      out, err, db, env: { ...process.env, DATABASE_URL: undefined, COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent', SENDGRID_API_KEY: sendgrid.apiKey, SENDGRID_API_URL: sendgrid.url, EMAIL_RATE_PER_SECOND: '0', EMAIL_FROM: 'ar@acme.example' },
    });
    return { code, out: out.text(), err: err.text() };
  };

  it('previews what is due for any instant, sending nothing', async () => {
    const [id] = await ledger(1);
    const r = await cli('cadence', 'preview', '--as-of', '2026-03-13T09:30');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`${id}\\s+Customer ${id}\\s+standard/overdue\\s+INV-I${id} \\(100\\.00 EUR\\)`));
    expect(r.out).toContain('dry run: nothing claimed or sent');
    expect(sendgrid.requests).toHaveLength(0);
    const ran = await cli('cadence', 'run', '--as-of', '2026-03-13T09:30', '--json');
    expect(JSON.parse(ran.out)).toMatchObject({ sent: expect.any(Number), dry_run: false });
    expect(sendgrid.requests.length).toBeGreaterThan(0);
  });

  it('lists and shows the default policies', async () => {
    const list = await cli('policy', 'list');
    expect(list.out.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(['at_risk', 'standard', 'top']);
    const top = await cli('policy', 'show', 'top');
    expect(top.out).toMatch(/D\+10\s+escalation\s+template escalation\s+cc escalation contact · needs an owner's approval/);
    expect((await cli('policy', 'show', 'vip')).code).toBe(2);
  });

  it('refuses a policy file with a bad step, naming it, and keeps the stored policy', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(await mkdtemp(join(tmpdir(), 'arbot-policy-')), 'standard.json');
    await writeFile(file, JSON.stringify({ name: 'standard', steps: [{ key: 'overdue', offset_days: 3, template: 'overdue' }, { key: 'overdue', offset_days: 9, template: 'escalation' }] }));
    const r = await cli('policy', 'load', file);
    expect(r.code).toBe(3);
    expect(r.err).toBe(`${file}: standard.steps[1].key: step key "overdue" is used twice\n`);
    expect((await cli('policy', 'show', 'standard')).out).toContain('final_notice');
  });

  it('lists the scheduled jobs one a line', async () => {
    const r = await cli('jobs', 'list');
    expect(r.out.trim().split('\n')).toContain('cadence');
  });
});
