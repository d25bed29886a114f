import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMeta, writeMeta } from '../../adapters/postgres/app-meta.js';
import { startLocalServer, type LocalServer } from '../e2e/local-server.js';
import { customer, importRows, owner } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { isEmbedded } from '../support/test-db.js';

// The demo clock moves the time of everything (reminders, dispute links, email events) for good: it exists only in
// the demo (embedded database holding the demo ledger, no chat platform, no email provider). Elsewhere its control
// answers 404 with the reason, the workspace shows no clock, and an offset left in app_meta is ignored.

const now = new Date('2026-03-10T15:00:00Z');
const sixteenDays = 16 * 86_400_000;
/** Each test starts its own server (an embedded one copies a database and loads the demo): slow on a busy machine. */
const serverTestMs = 120_000;

/** The workspace's form cookies (user and CSRF token), as a browser keeps them. */
class Browser {
  jar = new Map<string, string>();
  constructor(readonly base: string) {}
  private get cookie() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(path: string) {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookie }, redirect: 'manual' });
    this.keep(res);
    return { status: res.status, text: await res.text() };
  }
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(fields).toString(),
      // A browser names the page's origin on every form POST (the workspace refuses a form that names none).
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookie, origin: this.base, ...headers },
    });
    this.keep(res);
    return { status: res.status, text: await res.text() };
  }
  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [k, v] = c.split(';')[0]!.split('=');
      this.jar.set(k!, v!);
    }
  }
  get csrf() {
    return decodeURIComponent(this.jar.get('arbot_local_csrf') ?? '');
  }
}

/** Presses "Next cadence step" as a signed-in page would (right CSRF token, same origin). */
async function pressCadence(server: LocalServer): Promise<{ status: number; text: string; page: string }> {
  const b = new Browser(server.base);
  const page = (await b.get('/local/c/finance')).text;
  const r = await b.post('/local/clock', { csrf: b.csrf, step: 'cadence', back: '/local/c/finance' });
  return { ...r, page };
}

let sendgrid: FakeSendGrid;
beforeAll(async () => {
  sendgrid = await startFakeSendGrid();
});
afterAll(async () => {
  await sendgrid?.close();
});

const withSendGrid = () => ({
  SENDGRID_API_KEY: sendgrid.apiKey, SENDGRID_API_URL: sendgrid.url, EMAIL_FROM: 'ar@acme.example', EMAIL_RATE_PER_SECOND: '0',
});

async function refusedWithout(server: LocalServer, reason: RegExp) {
  const r = await pressCadence(server);
  expect(r.status).toBe(404);
  expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'no_demo_clock', message: expect.stringMatching(reason) } });
  expect(r.page).not.toContain('Demo clock');
  expect(r.page).not.toContain('ahead of real time');
}

describe('the demo clock outside the demo', () => {
  // The review's case: DATABASE_URL, LOCAL_WORKSPACE=1, SendGrid configured, no chat platform. Three presses of
  // "Next cadence step" moved a real ledger 16 days ahead and sent real final notices.
  it.skipIf(isEmbedded())('is refused on a DATABASE_URL server with SendGrid: no time moves, no email leaves, a stored offset is ignored', async () => {
    sendgrid.reset();
    const server = await startLocalServer(now, withSendGrid(), {
      // An offset left by an earlier release's clock: the server must not run 16 days ahead because of it.
      before: (db) => writeMeta(db.sql, 'local_demo_clock', { offset_ms: sixteenDays }),
    });
    try {
      for (let i = 0; i < 3; i++) await refusedWithout(server, /DATABASE_URL/);
      // The same with the Origin a sandboxed page sends: refused, whichever guard answers first.
      const b = new Browser(server.base);
      await b.get('/local/c/finance');
      expect([403, 404]).toContain((await b.post('/local/clock', { csrf: b.csrf, step: 'cadence', back: '/' }, { origin: 'null' })).status);
      expect(await readMeta(server.db.sql, 'local_demo_clock')).toEqual({ offset_ms: sixteenDays });
      expect(sendgrid.requests).toHaveLength(0);
      const runs = await server.db.sql`SELECT count(*)::int AS n FROM job_runs`;
      expect(runs[0]!.n).toBe(0);
    } finally {
      await server.close();
    }
  }, serverTestMs);

  it.skipIf(!isEmbedded())('is refused on the embedded demo ledger when SendGrid is configured', async () => {
    sendgrid.reset();
    const server = await startLocalServer(now, withSendGrid());
    try {
      await refusedWithout(server, /SENDGRID_API_KEY/);
      expect(await readMeta(server.db.sql, 'local_demo_clock')).toBeUndefined();
      expect(sendgrid.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  }, serverTestMs);

  it.skipIf(!isEmbedded())('is refused on an embedded ledger that is not the demo', async () => {
    // A real ledger imported into the embedded database: an owner and a customer of its own, no demo.
    const server = await startLocalServer(now, {}, {
      demo: false,
      before: (db) => importRows(db.sql, { owners: [owner], customers: [customer('C-1', 'UTC')] }),
    });
    try {
      await refusedWithout(server, /does not hold the demo ledger/);
      expect(await readMeta(server.db.sql, 'local_demo_clock')).toBeUndefined();
    } finally {
      await server.close();
    }
  }, serverTestMs);
});

describe('the demo clock in the demo', () => {
  it.skipIf(!isEmbedded())('moves the embedded demo ledger to its next cadence step', async () => {
    const server = await startLocalServer(now);
    try {
      const r = await pressCadence(server);
      expect(r.page).toContain('Demo clock');
      expect(r.status).toBe(303);
      expect(((await readMeta(server.db.sql, 'local_demo_clock')) as { offset_ms: number }).offset_ms).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, serverTestMs);
});
