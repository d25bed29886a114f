import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddressOf, type TrustProxy } from '../../adapters/http/client-address.js';
import { disputePageRoutes, type DisputePageLimits } from '../../adapters/http/dispute-page.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { postgresCustomerDisputeStore } from '../../adapters/postgres/customer-disputes.js';
import { createTeamsAdapter } from '../../adapters/teams/teams-app.js';
import { loadConfig } from '../../src/config.js';
import { signDisputeToken } from '../../src/domain/dispute-link.js';
import { startLocalServer, type LocalServer } from '../e2e/local-server.js';
import { quietLog } from '../support/cadence-ledger.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { nowSeconds, urlVerificationBody } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The guards in front of the handlers: rate limits that a stranger cannot turn against a customer, the client
// address behind a proxy, cookies and form origins of the local workspace, Slack's timestamp both ways, Teams'
// token before the body, and configuration errors that never show a credential.

const now = new Date('2026-03-02T10:00:00Z');
const linkSecret = 'request-guards-link-secret-0123456789abcd';
let db: TestDb;
let invoiceIds: bigint[] = [];

beforeAll(async () => {
  db = await openTestDb();
  const [c] = await db.sql<{ id: bigint }[]>`
    INSERT INTO customers (external_id, name, timezone, billing_emails) VALUES ('C-1', 'Northwind', 'UTC', '{ap@northwind.example}') RETURNING id`;
  for (const n of [1, 2]) {
    const [r] = await db.sql<{ id: bigint }[]>`
      INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
      VALUES (${`E-${n}`}, ${`INV-${n}`}, ${c!.id.toString()}::int8, '2026-01-15', '2026-02-14', 'EUR', 10000) RETURNING id`;
    invoiceIds.push(r!.id);
  }
});
afterAll(async () => {
  await db?.close();
});

async function disputeServer(opts: { limits?: Partial<DisputePageLimits>; trustProxy?: TrustProxy } = {}): Promise<{ http: HttpServer; base: string }> {
  const http = createHttpServer(disputePageRoutes({
    store: postgresCustomerDisputeStore(db.sql), secret: linkSecret, publicBaseUrl: 'https://ar.example.com', now: () => now, log: quietLog, ...opts,
  }), quietLog);
  return { http, base: `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}` };
}
const link = (i: number) => signDisputeToken({ invoiceId: invoiceIds[i]!, expiresAt: new Date('2026-05-31T10:00:00Z') }, linkSecret);
const statusOf = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return res.status;
};

describe('the dispute page cannot be locked for a customer', () => {
  it('still opens a valid link after 70 GETs of garbage links from the same address (default limits)', async () => {
    const { http, base } = await disputeServer();
    try {
      const garbage = [];
      for (let i = 0; i < 70; i++) garbage.push(await statusOf(`${base}/d/garbage${i}`));
      expect(new Set(garbage)).toEqual(new Set([400]));
      expect(await statusOf(`${base}/d/${link(0)}`)).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('limits a valid link on its own bucket first: one link hammered leaves the address room for another', async () => {
    const { http, base } = await disputeServer({ limits: { getPerLink: { capacity: 2, perSecond: 0.001 }, getPerIp: { capacity: 4, perSecond: 0.001 } } });
    try {
      const first = [];
      for (let i = 0; i < 5; i++) first.push(await statusOf(`${base}/d/${link(0)}`));
      expect(first).toEqual([200, 200, 429, 429, 429]);
      expect(await statusOf(`${base}/d/${link(1)}`)).toBe(200);
    } finally {
      await http.close();
    }
  });
});

describe('the client address behind a proxy (TRUST_PROXY)', () => {
  const tight = { getPerIp: { capacity: 2, perSecond: 0.001 }, getPerLink: { capacity: 1000, perSecond: 1000 } };

  it.each([
    ['one hop', { hops: 1 }],
    ['the proxy\'s address', { ranges: ['127.0.0.1'] }],
    ['the proxy\'s range', { ranges: ['127.0.0.0/8', '::1'] }],
  ])('gives two clients behind a trusted proxy (%s) their own buckets', async (_what, trustProxy) => {
    const { http, base } = await disputeServer({ limits: tight, trustProxy });
    try {
      const a = { 'x-forwarded-for': '203.0.113.10' };
      const b = { 'x-forwarded-for': '198.51.100.20' };
      expect([await statusOf(`${base}/d/${link(0)}`, a), await statusOf(`${base}/d/${link(0)}`, a), await statusOf(`${base}/d/${link(0)}`, a)]).toEqual([200, 200, 429]);
      expect(await statusOf(`${base}/d/${link(0)}`, b)).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('ignores X-Forwarded-For when no proxy is trusted: a client cannot buy a new bucket with a header', async () => {
    const { http, base } = await disputeServer({ limits: tight });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await statusOf(`${base}/d/${link(0)}`, { 'x-forwarded-for': `203.0.113.${i}` }));
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await http.close();
    }
  });

  it.each([
    ['no trust: the peer', '10.0.0.2', '203.0.113.7', null, '10.0.0.2'],
    ['one hop: the address the proxy saw', '10.0.0.2', '1.2.3.4, 203.0.113.7', { hops: 1 }, '203.0.113.7'],
    ['two hops', '10.0.0.2', '1.2.3.4, 203.0.113.7, 10.0.0.9', { hops: 2 }, '203.0.113.7'],
    ['more hops than entries: the leftmost', '10.0.0.2', '203.0.113.7', { hops: 5 }, '203.0.113.7'],
    ['ranges: the first untrusted from the right', '10.0.0.2', '1.2.3.4, 203.0.113.7, 10.0.0.9', { ranges: ['10.0.0.0/8'] }, '203.0.113.7'],
    ['an untrusted peer is the client, whatever it forwards', '198.51.100.1', '1.2.3.4', { ranges: ['10.0.0.0/8'] }, '198.51.100.1'],
    ['a garbage entry stops at the proxy', '10.0.0.2', 'garbage', { hops: 1 }, '10.0.0.2'],
    ['IPv4-mapped peers match IPv4 ranges', '::ffff:10.0.0.2', '203.0.113.7', { ranges: ['10.0.0.0/8'] }, '203.0.113.7'],
  ])('reads %s', (_what, peer, xff, trust, expected) => {
    expect(clientAddressOf(peer, xff, trust as TrustProxy)).toBe(expected);
  });

  it.each([
    ['', null], ['1', { hops: 1 }], ['10.0.0.0/8, ::1', { ranges: ['10.0.0.0/8', '::1'] }],
  ])('reads TRUST_PROXY=%j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it.each(['yes', '10.0.0.0/33', '10.0.0.300', '1,2'])('refuses TRUST_PROXY=%j saying what it expects', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^TRUST_PROXY: expected a number of proxy hops .* or a list of proxy addresses and CIDR ranges/);
  });
});

describe('configuration errors', () => {
  it.each([
    ['PUBLIC_BASE_URL', 'ftp://u:SECRET@h'],
    ['SENDGRID_API_URL', 'ftp://user:SECRET@mail.example/v3'],
    ['SLACK_API_URL', 'gopher://a:SECRET@b'],
    ['DATABASE_URL', 'ftp://u:SECRET@h'],
  ])('never show the password of a URL in %s', (name, value) => {
    let message = '';
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(new RegExp(`^${name}: expected`));
    expect(message).not.toContain('SECRET');
    if (name !== 'DATABASE_URL') expect(message).toContain(':***@');
  });
});

describe('the local workspace', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer(new Date('2026-03-10T15:00:00Z'));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('ignores a cookie that does not decode instead of failing every page', async () => {
    for (const cookie of ['x=%', 'arbot_local_user=%E0%A4%A', 'arbot_local_csrf=%; arbot_local_user=%zz']) {
      expect(await statusOf(`${server.base}/local/c/finance`, { cookie }), cookie).toBe(200);
    }
  });

  /** A page's CSRF token and cookie, as a browser would hold them. */
  async function formSession() {
    const res = await fetch(`${server.base}/local/c/finance`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { csrf, cookie };
  }
  const postCommand = async (headers: Record<string, string>) => {
    const s = await formSession();
    const res = await fetch(`${server.base}/local/command`, {
      method: 'POST', redirect: 'manual',
      body: new URLSearchParams({ csrf: s.csrf, channel: 'finance', text: '/nope x', back: '/local/c/finance' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie, ...headers },
    });
    await res.arrayBuffer();
    return res.status;
  };

  it.each([
    ['Origin: null and no Referer', { origin: 'null' }],
    ['no Origin and no Referer', {}],
    ['Origin: null and another site\'s Referer', { origin: 'null', referer: 'https://evil.example/page' }],
    ['no Origin and another site\'s Referer', { referer: 'https://evil.example/local/c/finance' }],
    ['an Origin that is not a URL', { origin: 'not a url' }],
  ])('refuses a state-changing form with %s: 403', async (_what, headers) => {
    expect(await postCommand(headers as Record<string, string>)).toBe(403);
  });

  it.each([
    ['its own Origin', () => ({ origin: server.base })],
    ['Origin: null and its own Referer', () => ({ origin: 'null', referer: `${server.base}/local/c/finance` })],
    ['no Origin and its own Referer', () => ({ referer: `${server.base}/local/c/finance` })],
  ])('accepts a form with %s', async (_what, headers) => {
    expect(await postCommand(headers())).toBe(303);
  });
});

describe('Slack\'s timestamp, both ways, before the body is read', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness(db, { now, users: [] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['6 minutes in the future', 360],
    ['a day in the future', 86_400],
    ['6 minutes in the past', -360],
  ])('refuses a correctly signed request timestamped %s: 401', async (_what, offset) => {
    expect((await h.post(urlVerificationBody('c'), { timestamp: nowSeconds() + offset })).status).toBe(401);
  });

  it('accepts one timestamped now, and Slack\'s unsigned ssl_check only', async () => {
    expect((await h.post(urlVerificationBody('c'))).status).toBe(200);
    const unsigned = (body: string) => fetch(`${h.base}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }).then((r) => r.status);
    expect(await unsigned('ssl_check=1&token=x')).toBe(200);
    expect(await unsigned('command=%2Far&text=x')).toBe(401);
  });
});

describe('Teams\' token before the body', () => {
  it('refuses an activity without a Bearer token when MICROSOFT_APP_ID is set, before reading it: 401', async () => {
    const teams = createTeamsAdapter(
      { appId: '11111111-2222-4333-8444-555555555555', appPassword: 'not-a-real-secret', appType: 'MultiTenant', local: false },
      { sql: db.sql, log: quietLog, now: () => now, zone: 'UTC' } as never,
    );
    const http = createHttpServer(teams.routes, quietLog);
    const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    try {
      const res = await fetch(`${base}/api/messages`, { method: 'POST', body: 'x'.repeat(512 * 1024), headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('Bearer') } });
    } finally {
      await http.close();
    }
  });
});
