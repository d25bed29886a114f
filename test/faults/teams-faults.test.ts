import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { createTeamsAdapter, type TeamsAdapter } from '../../adapters/teams/teams-app.js';
import { dispatchAlerts, type DispatchDeps } from '../../src/services/dispatch-alerts.js';
import { quietLog } from '../support/cadence-ledger.js';
import { startFakeTeams, type FakeTeams } from '../support/fake-teams.js';
import { installationUpdate, personalChat, type TeamsPerson } from '../support/fake-teams-activities.js';
import { postTo, startFaultProxy, type Fault, type FaultProxy } from '../support/fault-proxy.js';
import { dispatchDeps, hoursAfter, overdueScenario, queueState, rememberedIn, zone } from '../support/fault-ledger.js';
import { post } from '../support/http.js';
import { teamsAlertChannelOn, teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Alerts to Teams through faults between arbot and the Bot Connector: the real CloudAdapter (production options:
// TEAMS_LOCAL, default throttle policy) posts proactively to a serviceUrl that is a fault proxy in front of a
// local connector. Afterwards every alert is delivered with one card per subject per conversation, and nothing
// else is posted there (no apology for a failed proactive turn).

const t0 = new Date('2026-03-20T10:00:00Z');
const timeoutMs = 1500;
let db: TestDb;
let fake: FakeTeams;
let proxy: FaultProxy;
let teams: TeamsAdapter;
let http: HttpServer;
let deps: DispatchDeps;
let step = 0;

const person = (n: number): TeamsPerson => ({
  id: `29:1fault${n}00000000000000000000000000000000000`, aadObjectId: `0000000${n}-faaa-4bbb-8ccc-00000000000${n}`,
  name: `Owner ${n}`, email: `owner${n}@acme.example`,
});

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeTeams();
  proxy = await startFaultProxy(fake.serviceUrl);
  teams = createTeamsAdapter({ appType: 'MultiTenant', local: true, timeoutMs }, teamsDepsOn(db.sql, { now: () => t0, zone }));
  teams.deps.core.addSurface(teams.surface);
  http = createHttpServer(teams.routes, quietLog);
  const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  // Each owner installed arbot in their personal chat, through the proxy's serviceUrl.
  for (let n = 1; n <= 9; n++) {
    const p = person(n);
    const r = await post(`${base}/api/messages`, JSON.stringify(installationUpdate(p, { serviceUrl: `${proxy.url}/`, conversationId: personalChat(p) })));
    expect(r.status).toBeLessThan(300);
  }
  deps = dispatchDeps(db.sql, [teamsAlertChannelOn(db.sql, teams.deps, teams.messages, { sales: null, delivery: null, finance: null })]);
});
afterAll(async () => {
  await http?.close();
  await proxy?.close();
  await fake?.close();
  await db?.close();
});

async function scenario(fault: Fault | null) {
  const p = person(++step);
  const conversation = personalChat(p);
  const at = hoursAfter(t0, 24 * step);
  await overdueScenario(db.sql, `t${step}`, at, { teams: { aadObjectId: p.aadObjectId, conversationId: conversation } });
  const before = fake.in(conversation).length;
  if (fault) proxy.inject(postTo(`/activities`), fault);
  const started = Date.now();
  await dispatchAlerts(deps, at);
  const firstMs = Date.now() - started;
  for (let h = 1; h <= 3 && (await queueState(db.sql)).pending > 0; h++) await dispatchAlerts(deps, hoursAfter(at, h));
  const posted = fake.in(conversation).slice(before);
  return {
    firstMs,
    cards: posted.filter((a) => a.method === 'POST' && a.activity.attachments?.length),
    others: posted.filter((a) => !a.activity.attachments?.length),
    remembered: await rememberedIn(db.sql, 'teams', conversation),
  };
}

describe('Teams alert delivery under faults', () => {
  it.each<[string, Fault | null]>([
    ['none', null],
    ['429 with Retry-After: 1', { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: '{"error":{"code":"Throttled"}}' }],
    ['429 with Retry-After: 3600', { kind: 'status', status: 429, headers: { 'retry-after': '3600' }, body: '{"error":{"code":"Throttled"}}' }],
    ['HTTP 500', { kind: 'status', status: 500, body: '{"error":{"code":"ServiceError"}}' }],
    ['HTTP 503', { kind: 'status', status: 503, body: '{"error":{"code":"ServiceUnavailable"}}' }],
    ['a reset before the connector read the request', { kind: 'reset-before' }],
    ['a connector that never answers', { kind: 'hang' }],
  ])('delivers one card per subject after %s, and posts nothing else', async (_name, fault) => {
    const r = await scenario(fault);
    expect(await queueState(db.sql)).toEqual({ pending: 0, dead: 0 });
    expect(r.remembered.length).toBeGreaterThanOrEqual(2);
    expect(r.cards).toHaveLength(r.remembered.length);
    expect(r.others.map((a) => a.activity.text)).toEqual([]);
    expect(r.firstMs).toBeLessThan(timeoutMs * 3 + 3000);
  }, 20_000);

  it.each<[string, Fault]>([
    ['a reset after the connector applied the post', { kind: 'reset-after' }],
    ['an answer after the client timed out', { kind: 'late', ms: timeoutMs + 1000 }],
  ])('after %s, delivers every alert and leaves exactly one extra card (the connector has no idempotency key)', async (_name, fault) => {
    const r = await scenario(fault);
    expect(await queueState(db.sql)).toEqual({ pending: 0, dead: 0 });
    expect(r.remembered.length).toBeGreaterThanOrEqual(2);
    expect(r.cards).toHaveLength(r.remembered.length + 1);
    expect(r.others.map((a) => a.activity.text)).toEqual([]);
  }, 20_000);
});
