import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/slack-app.js';
import { dispatchAlerts } from '../../src/services/dispatch-alerts.js';
import { quietLog } from '../support/cadence-ledger.js';
import { delayed, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { dispatchDeps, hoursAfter, overdueScenario, queueState, rememberedIn, slackChannel, zone } from '../support/fault-ledger.js';
import { childEnv, runArbot, startArbot } from '../support/spawn-cli.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';
import { slackAlertPublisherOn, slackDepsOn } from '../support/slack-wiring.js';

// kill -9 of a worker in the middle of an alerts dispatch to a slow Slack, then a restart after the 5-minute lease:
// no alert is lost. Slack has no idempotency key, so when the kill lands between Slack applying a post and the
// chat_messages row being written, the restart posts that subject again: the dispatch is sequential, so at most
// one post is in flight when the process dies, and at most one extra message is left. Real server only.
//
// The worker is `arbot serve --role worker` with the alerts schedule every second. `arbot jobs run alerts` posts
// what it raises with the server's chat configuration; that is checked first below.

let db: TestDb;
let fake: FakeSlack;

beforeAll(async () => {
  if (isEmbedded()) return;
  db = await openTestDb();
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

const env = (extra: Record<string, string> = {}) => childEnv({
  DATABASE_URL: db.url ?? '', COMPANY_TIMEZONE: zone, LOG_LEVEL: 'info', DEMO_LEDGER: 'off',
  SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'kill-signing-secret', SLACK_API_URL: fake.apiUrl,
  LINK_SECRET: 'a-link-secret-of-at-least-32-characters!!', PORT: '0', HOST: '127.0.0.1',
  ...extra,
});

describe.skipIf(isEmbedded())('kill -9 of a worker in the middle of an alerts dispatch', () => {
  it('`arbot jobs run alerts` with SLACK_* set raises the alerts and posts them to Slack', async () => {
    const at = '2026-03-20T10:00:00Z';
    await overdueScenario(db.sql, 'cli', new Date(at), { invoices: 1 });
    const r = await runArbot(['jobs', 'run', 'alerts', '--as-of', at], env({ LOG_LEVEL: 'silent', SCHEDULER: 'off' }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/"posted":[1-9]/);
    expect(fake.calls('chat.postMessage').length).toBeGreaterThan(0);
    expect((await queueState(db.sql)).pending).toBe(0);
    fake.reset();
  }, 60_000);

  it('loses no alert, and leaves at most one extra message, after a SIGKILL and a restart past the lease', async () => {
    // One owner, 12 overdue invoices (~24 alerts, one channel).
    const channel = await overdueScenario(db.sql, 'kill', new Date('2026-03-20T10:00:00Z'), { invoices: 12 });
    for (let k = 0; k < 80; k++) fake.enqueue('chat.postMessage', delayed(150));
    const never = '0 0 1 1 *';
    const worker = await startArbot(env({
      ROLE: 'worker', SCHEDULER: 'on', ALERTS_SCHEDULE: '* * * * * *',
      SLA_SCHEDULE: never, APPROVAL_REMINDER_SCHEDULE: never, CADENCE_SCHEDULE: never, DIGEST_SCHEDULE: never,
    }));
    try {
      await fake.waitFor('chat.postMessage', 6, 30_000);
      // Kill while a post is in flight: Slack's delayed answer is being computed for the newest call.
      await new Promise((r) => setTimeout(r, 75));
      worker.child.kill('SIGKILL');
      await worker.exited;
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }
    const before = await queueState(db.sql);
    expect(before.pending).toBeGreaterThan(0);
    const postedByWorker = fake.calls('chat.postMessage').length;

    // The restart: a new worker (the production Slack client) runs the dispatch 6 minutes later, past the lease
    // the dead one held on its claimed alerts, and again later past any backoff.
    const slack = await createSlackAdapter(
      { botToken: fake.token, signingSecret: 'kill-signing-secret', apiUrl: fake.apiUrl },
      slackDepsOn(db.sql, null, { log: quietLog, now: () => new Date(), zone }),
    );
    const deps = dispatchDeps(db.sql, [slackChannel(db.sql, slackAlertPublisherOn(db.sql, slack.app.client))]);
    const restart = new Date(Date.now() + 6 * 60_000);
    for (const h of [0, 1, 2]) await dispatchAlerts(deps, hoursAfter(restart, h));
    expect(await queueState(db.sql)).toEqual({ pending: 0, dead: 0 });
    const [all] = await db.sql`SELECT count(*)::int AS n FROM alerts WHERE posted_at IS NULL`;
    expect(all!.n).toBe(0);

    const remembered = await rememberedIn(db.sql, 'slack', channel);
    const live = fake.messages(channel).map((m) => m.ts);
    for (const ts of remembered) expect(live).toContain(ts);
    const extra = live.length - remembered.length;
    console.info(`kill -9: worker made ${postedByWorker} post(s) before dying, ${remembered.length} subjects, ${extra} extra message(s)`);
    expect(extra).toBeGreaterThanOrEqual(0);
    expect(extra).toBeLessThanOrEqual(1);
  }, 90_000);
});
