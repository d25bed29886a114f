import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { postgresAlertProducers } from '../../adapters/postgres/alert-producers.js';
import { loadAlertView } from '../../adapters/postgres/chat-views-alerts.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { dispatchAlerts, type DispatchDeps } from '../../src/services/dispatch-alerts.js';
import { raiseAlerts } from '../../src/services/raise-alerts.js';
import { importD3Ledger } from '../support/cadence-ledger.js';
import { delayed, startFakeSlack } from '../support/fake-slack.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { binPath, childEnv, runArbot } from '../support/spawn-cli.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';
import { slackAlertPublisherOn } from '../support/slack-wiring.js';

// Several arbot processes on one PostgreSQL: N instances ticking the cadence at once send every due email exactly
// once; a process killed with SIGKILL in the middle of a send batch loses nothing: after a restart every due email
// is sent once or flagged in doubt (never sent twice). Real server only: the embedded database is one process's.

let db: TestDb;
let sendgrid: FakeSendGrid;
let n = 0;

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
});
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

const env = () => childEnv({
  DATABASE_URL: db.url ?? '', COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent', SCHEDULER: 'off',
  SENDGRID_API_KEY: sendgrid.apiKey, SENDGRID_API_URL: sendgrid.url, EMAIL_RATE_PER_SECOND: '0', EMAIL_CONCURRENCY: '4', EMAIL_FROM: 'ar@acme.example',
  LINK_SECRET: 'a-link-secret-of-at-least-32-characters!!',
});

/** `count` new customers whose D+3 reminder is due on 2026-03-13. */
async function ledger(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `M${++n}`);
  await importD3Ledger(db.sql, ids, { sales_owner_email: '' });
  return ids;
}

const emailsOf = (ids: string[]) => db.sql<{ customer: string; to: string; status: string }[]>`
  SELECT c.external_id AS customer, e.to_emails[1] AS to, e.status
  FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
  WHERE c.external_id = ANY(${ids}) AND e.step_key <> 'upcoming' ORDER BY c.external_id`;

const acceptedTo = () => sendgrid.accepted().map((m) => m.personalizations[0].to[0].email as string);

describe.skipIf(isEmbedded())('several instances on one PostgreSQL', () => {
  it.each([2, 4])('%i processes ticking at once send each due email exactly once, none missed', async (instances) => {
    sendgrid.reset();
    const ids = await ledger(60);
    const runs = await Promise.all(Array.from({ length: instances }, () => runArbot(['jobs', 'run', 'cadence', '--as-of', '2026-03-13T08:30:00Z'], env())));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const emails = await emailsOf(ids);
    expect(emails).toHaveLength(60);
    expect(emails.every((e) => e.status === 'sent')).toBe(true);
    const sent = acceptedTo().filter((to) => emails.some((e) => e.to === to));
    expect(sent).toHaveLength(60);
    expect(new Set(sent).size).toBe(60);
  }, 120_000);

  it('after a SIGKILL in the middle of a send batch, a restart sends the rest: each email once or in doubt', async () => {
    sendgrid.reset();
    const ids = await ledger(30);
    // A slow provider, so the batch is mid-way when the process dies.
    sendgrid.setDefault({ status: 202, delayMs: 250 });
    const child = spawn(process.execPath, [binPath, 'jobs', 'run', 'cadence', '--as-of', '2026-03-13T08:30:00Z'], { env: env() });
    const exited = new Promise((r) => child.on('close', r));
    await sendgrid.waitForRequests(6, 60_000);
    child.kill('SIGKILL');
    await exited;
    sendgrid.setDefault(null);
    const before = await emailsOf(ids);
    expect(before.some((e) => e.status === 'queued' || e.status === 'sending')).toBe(true);
    // The restart, 15 minutes later: an email left "sending" by the dead process may have reached SendGrid, so it
    // is flagged in doubt, never resent; the queued ones go out.
    const r = await runArbot(['jobs', 'run', 'cadence', '--as-of', '2026-03-13T08:45:00Z'], env());
    expect(r.code, r.stderr).toBe(0);
    const after = await emailsOf(ids);
    expect(after).toHaveLength(30);
    expect(after.every((e) => e.status === 'sent' || e.status === 'in_doubt')).toBe(true);
    const sent = acceptedTo();
    expect(new Set(sent).size).toBe(sent.length);
    for (const e of after.filter((x) => x.status === 'sent')) expect(sent.filter((to) => to === e.to)).toHaveLength(1);
    // At most the sends in flight when the process died (EMAIL_CONCURRENCY) can be in doubt.
    expect(after.filter((e) => e.status === 'in_doubt').length).toBeLessThanOrEqual(4);
  }, 120_000);

  it('two instances dispatching alerts at the same moment post each alert once', async () => {
    const slack = await startFakeSlack();
    const other = await openDatabase({ databaseUrl: db.url!, dataDir: '' });
    try {
      await ledger(12);
      const at = new Date('2026-03-20T10:00:00Z');
      await raiseAlerts(postgresAlertProducers(db.sql), { deliveryAfterDays: 30, incompleteHorizonDays: 0 }, at);
      const deps = (sql: typeof db.sql): DispatchDeps => ({
        outbox: postgresAlertOutbox(sql), view: (a, now) => loadAlertView(sql, a, now, 'Europe/Paris'), maxAttempts: 3,
        platforms: [{
          publisher: slackAlertPublisherOn(sql, new WebClient(slack.token, { slackApiUrl: slack.apiUrl })),
          routing: (a) => loadRoutingFacts(sql, a), teams: { sales: 'C0SALES', delivery: null, finance: 'C0FIN' },
        }],
      });
      // A slow Slack, so both instances are posting at the same time.
      for (let k = 0; k < 40; k++) slack.enqueue('chat.postMessage', delayed(30));
      const [a, b] = await Promise.all([dispatchAlerts(deps(db.sql), at), dispatchAlerts(deps(other.sql), at)]);
      const [pending] = await db.sql`SELECT count(*)::int AS n FROM alerts WHERE posted_at IS NULL AND raised_at <= ${at}`;
      expect(pending!.n).toBe(0);
      const total = a.delivered + b.delivered;
      expect(total).toBeGreaterThan(0);
      expect(slack.calls('chat.postMessage').filter((c) => c.status === 200)).toHaveLength(total);
      expect(slack.messages('C0SALES').length + slack.messages('C0FIN').length).toBe(total);
    } finally {
      await other.close();
      await slack.close();
    }
  }, 60_000);
});
