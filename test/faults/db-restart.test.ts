import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSendGridSender } from '../../adapters/email/sendgrid-sender.js';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-app.js';
import { dispatchAlerts } from '../../src/services/dispatch-alerts.js';
import { runCadenceTick } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { cadenceConfig, quietLog } from '../support/cadence-ledger.js';
import { delayed, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { dueEmails, emailsOf } from '../support/fault-emails.js';
import { dispatchDeps, hoursAfter, overdueScenario, queueState, rememberedIn, slackChannel, zone } from '../support/fault-ledger.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';
import { slackAlertPublisherOn, slackDepsOn } from '../support/slack-wiring.js';

// A database restart in the middle of work, simulated by terminating every other session of the database from an
// admin connection, again and again, while alerts are dispatched to a slow Slack and a cadence tick sends to a
// slow SendGrid. postgres.js reconnects on the next query; the interrupted run fails or finishes, and the next
// runs recover: every alert delivered, every email sent once or in doubt. Real server only.

let db: TestDb;
let admin: postgres.Sql;

beforeAll(async () => {
  if (isEmbedded()) return;
  db = await openTestDb();
  admin = postgres(db.url!, { max: 1, onnotice: () => {} });
  // Open every connection of the pool before the restarts begin: postgres.js reads the array types once per
  // connection, on its first connect, and a backend terminated during that read rejects inside the driver where no
  // caller can catch it (an unhandled rejection, not a failure of arbot). Reconnections do not read them again.
  await Promise.all(Array.from({ length: 10 }, () => db.sql`SELECT pg_sleep(0.05)`));
});
afterAll(async () => {
  await admin?.end();
  await db?.close();
});

/**
 * Once `started` resolves (the work is mid-way), terminates every other session of the database, then again every
 * `everyMs` until `work` settles; returns the number of sessions killed.
 */
async function restartsDuring<T>(work: Promise<T>, started: Promise<unknown>, everyMs: number): Promise<{ result: T | Error; kills: number }> {
  let done = false;
  let kills = 0;
  const settled = work.then((r) => r, (e: Error) => e).finally(() => { done = true; });
  await Promise.race([started, settled]);
  while (!done) {
    const killed = await admin`
      SELECT count(*)::int AS n FROM (
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
      ) t`;
    kills += killed[0]!.n as number;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return { result: await settled, kills };
}

describe.skipIf(isEmbedded())('a database restart in the middle of work', () => {
  let fake: FakeSlack;
  let slack: SlackAdapter;
  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
  });

  it('alerts dispatched to a slow Slack: the next runs deliver every alert, one message per subject', async () => {
    fake = await startFakeSlack();
    slack = await createSlackAdapter(
      { botToken: fake.token, signingSecret: 'restart-secret', apiUrl: fake.apiUrl, timeoutMs: 5000 },
      slackDepsOn(db.sql, null, { log: quietLog, now: () => new Date(), zone }),
    );
    const at = new Date('2026-03-20T10:00:00Z');
    const channel = await overdueScenario(db.sql, 'r1', at, { invoices: 10 });
    for (let k = 0; k < 40; k++) fake.enqueue('chat.postMessage', delayed(60));
    const deps = dispatchDeps(db.sql, [slackChannel(db.sql, slackAlertPublisherOn(db.sql, slack.app.client))]);
    const { result, kills } = await restartsDuring(dispatchAlerts(deps, at), fake.waitFor('chat.postMessage', 2, 20_000), 150);
    expect(kills).toBeGreaterThan(0);
    // Past the 5-minute lease of whatever the interrupted run had claimed, then past any backoff.
    // A pooled session the restarts terminated fails its first query (postgres.js reconnects on the next one): a run
    // that meets one fails as a scheduled job would, and the next run goes on. So each instant gets a few tries.
    const run = async (when: Date, tries = 4): Promise<unknown> => dispatchAlerts(deps, when).catch((err: unknown) => (tries > 1 ? run(when, tries - 1) : Promise.reject(err)));
    for (const h of [0.1, 1, 2, 4]) await run(hoursAfter(at, h));
    expect(await queueState(db.sql)).toEqual({ pending: 0, dead: 0 });
    const remembered = await rememberedIn(db.sql, 'slack', channel);
    const live = fake.messages(channel).map((m) => m.ts);
    for (const ts of remembered) expect(live).toContain(ts);
    // A post Slack took whose chat_messages row died with its connection would be posted again by the next run:
    // rememberMessage retries a lost connection, so only a database down for longer than its retries leaves one.
    const extra = live.length - remembered.length;
    console.info(`db restart during alerts: ${kills} sessions killed, interrupted run ${result instanceof Error ? `failed (${result.message})` : 'finished'}, ${remembered.length} subjects, ${extra} extra message(s)`);
    expect(extra).toBe(0);
  }, 60_000);

  it('a cadence tick sending to a slow SendGrid: each email sent once or in doubt, none lost', async () => {
    const sendgrid: FakeSendGrid = await startFakeSendGrid();
    // An instance of its own: db.sql's pool may still hold sessions the test above terminated, and postgres.js only
    // finds that out when a query fails on one (that first query fails; the next reconnects).
    const instance = await openDatabase({ databaseUrl: db.url!, dataDir: '' });
    const sql = instance.sql;
    // Its pool opened whole first, like db.sql's in beforeAll: a connection's first connect reads the array types,
    // and a backend terminated during that read rejects inside the driver, out of any caller's reach.
    await Promise.all(Array.from({ length: 10 }, () => sql`SELECT pg_sleep(0.05)`));
    try {
      const ids = await dueEmails(sql, 20);
      sendgrid.setDefault({ status: 202, delayMs: 60 });
      const sender = createSendGridSender({ apiKey: sendgrid.apiKey, baseUrl: sendgrid.url, timeoutMs: 5000, retry: { maxAttempts: 4, maxWaitMs: 60_000, baseDelayMs: 50 } });
      const deps = await cadenceDeps(cadenceConfig(sendgrid), sql, quietLog, sender);
      const { result, kills } = await restartsDuring(runCadenceTick(deps, new Date('2026-03-13T08:30:00Z')), sendgrid.waitForRequests(2, 20_000), 200);
      expect(kills, `tick ${result instanceof Error ? result.message : JSON.stringify({ sent: result.sent, claimed: result.claimed })}, ${sendgrid.requests.length} requests`).toBeGreaterThan(0);
      sendgrid.setDefault(null);
      // 15 minutes later an email left "sending" is flagged in doubt (it may have reached SendGrid); then the rest go.
      await runCadenceTick(deps, new Date('2026-03-13T08:45:00Z'));
      await runCadenceTick(deps, new Date('2026-03-13T10:45:00Z'));
      const emails = await emailsOf(sql, ids);
      expect(emails).toHaveLength(20);
      const accepted = sendgrid.accepted().map((m) => m.personalizations[0].to[0].email as string);
      for (const e of emails) {
        expect(['sent', 'in_doubt'], e.customer).toContain(e.status);
        const n = accepted.filter((to) => to === e.to).length;
        if (e.status === 'sent') expect(n, e.to).toBe(1);
        else expect(n, e.to).toBeLessThanOrEqual(1);
      }
      const doubtful = emails.filter((e) => e.status === 'in_doubt').length;
      console.info(`db restart during a tick: ${kills} sessions killed, interrupted tick ${result instanceof Error ? `failed (${result.message})` : 'finished'}, ${doubtful} email(s) in doubt`);
    } finally {
      await instance.close();
      await sendgrid.close();
    }
  }, 60_000);
});
