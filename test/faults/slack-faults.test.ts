import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-app.js';
import { dispatchAlerts, type DispatchDeps } from '../../src/services/dispatch-alerts.js';
import { quietLog } from '../support/cadence-ledger.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { postTo, startFaultProxy, type Fault, type FaultProxy } from '../support/fault-proxy.js';
import { dispatchDeps, hoursAfter, overdueScenario, queueState, rememberedIn, slackChannel, zone } from '../support/fault-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { slackAlertPublisherOn, slackDepsOn } from '../support/slack-wiring.js';
import { keepConsoleOutput } from '../support/test-log.js';

// Alerts to Slack through faults between arbot and Slack: the production WebClient (built by createSlackAdapter with
// its retry policy and timeout) posts through a proxy that throttles, fails, resets and stalls chat.postMessage.
// Afterwards every alert is delivered, and each subject has one message per channel: the one arbot remembers.
// When Slack applied a post whose answer was lost (reset after the request, an answer after the timeout), Slack
// offers no idempotency key and arbot has no read scope to look, so a later attempt posts again: that case is
// measured and bounded below, not hidden.

// The WebClient inside createSlackAdapter logs every retried fault on the console: kept, shown if a test fails.
keepConsoleOutput();
let db: TestDb;
let fake: FakeSlack;
let proxy: FaultProxy;
let slack: SlackAdapter;
let deps: DispatchDeps;
const t0 = new Date('2026-03-20T10:00:00Z');
let step = 0;
const timeoutMs = 1500;

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeSlack();
  proxy = await startFaultProxy(fake.url);
  const now = () => t0;
  slack = await createSlackAdapter(
    { botToken: fake.token, signingSecret: 'fault-signing-secret', apiUrl: `${proxy.url}/api/`, timeoutMs },
    slackDepsOn(db.sql, null, { log: quietLog, now, zone }),
  );
  deps = dispatchDeps(db.sql, [slackChannel(db.sql, slackAlertPublisherOn(db.sql, slack.app.client))]);
});
afterAll(async () => {
  await slack?.stop();
  await proxy?.close();
  await fake?.close();
  await db?.close();
});

/** Runs a scenario: its alerts raised, the fault injected on its first post, then dispatch runs until done. */
async function scenario(key: string, fault: Fault | null) {
  const at = hoursAfter(t0, 24 * ++step);
  const channel = await overdueScenario(db.sql, key, at);
  if (fault) proxy.inject(postTo('/chat.postMessage'), fault);
  const started = Date.now();
  const first = await dispatchAlerts(deps, at);
  const firstMs = Date.now() - started;
  // Later runs, past any backoff (30 s, 60 s …) the failure earned.
  for (let h = 1; h <= 3 && (await queueState(db.sql)).pending > 0; h++) await dispatchAlerts(deps, hoursAfter(at, h));
  const posts = proxy.requests.filter((r) => r.path.endsWith('/chat.postMessage') && r.body.includes(channel));
  return { channel, first, firstMs, posts, messages: fake.messages(channel), remembered: await rememberedIn(db.sql, 'slack', channel) };
}

describe('Slack alert delivery under faults', () => {
  it.each<[string, Fault | null]>([
    ['none', null],
    ['429 with Retry-After: 1', { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: '{"ok":false,"error":"ratelimited"}' }],
    ['HTTP 500', { kind: 'status', status: 500, body: 'Internal Server Error' }],
    ['HTTP 503', { kind: 'status', status: 503, body: 'Service Unavailable' }],
    ['a reset before Slack read the request', { kind: 'reset-before' }],
    ['a Slack that never answers', { kind: 'hang' }],
  ])('delivers each alert exactly once after %s', async (name, fault) => {
    const r = await scenario(`s${step + 1}`, fault);
    expect(await queueState(db.sql)).toEqual({ pending: 0, dead: 0 });
    // One message per subject in the channel, and it is the one arbot remembers (and updates in place).
    expect(r.remembered.length).toBeGreaterThanOrEqual(2);
    expect(r.messages.map((m) => m.ts).sort()).toEqual(r.remembered);
    // A hang is cut by the client's timeout, not waited out.
    expect(r.firstMs, name).toBeLessThan(timeoutMs * 3 + 2000);
  }, 20_000);

  it.each<[string, Fault]>([
    ['a reset after Slack applied the post', { kind: 'reset-after' }],
    ['an answer after the client timed out', { kind: 'late', ms: timeoutMs + 1000 }],
  ])('after %s, the alert is delivered and exactly one extra message is left (Slack has no idempotency key)', async (_name, fault) => {
    const r = await scenario(`s${step + 1}`, fault);
    expect(await queueState(db.sql)).toEqual({ pending: 0, dead: 0 });
    // One post was applied by Slack but its answer lost, so arbot could not remember it: it may post again.
    expect(r.remembered.length).toBeGreaterThanOrEqual(2);
    // Exactly one extra message: the client does not retry a network failure itself (that would post again at
    // once, up to four times), the queue's next attempt posts the one that is remembered.
    expect(r.messages.length, 'messages beyond one per subject').toBe(r.remembered.length + 1);
    expect(r.posts.filter((p) => p.forwarded)).toHaveLength(r.remembered.length + 1);
    // Each subject keeps exactly one remembered message (the one updated in place from now on), and it is live.
    for (const ts of r.remembered) expect(r.messages.some((m) => m.ts === ts)).toBe(true);
  }, 20_000);
});
