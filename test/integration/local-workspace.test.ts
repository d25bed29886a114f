import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEml } from '../../adapters/email/mime.js';
import { readMeta } from '../../adapters/postgres/app-meta.js';
import { localBot } from '../../adapters/local/local-directory.js';
import { parseEml } from '../../adapters/local/outbox-reader.js';
import { localWorkspaceMode } from '../../adapters/local/workspace-mode.js';
import { startLocalServer, type LocalServer } from '../e2e/local-server.js';
import { isEmbedded } from '../support/test-db.js';
import { slackTestLogger } from '../support/test-log.js';

// The local workspace over HTTP without a browser: its Web API as arbot's WebClient calls it, its forms' guards,
// the home tab through app_home_opened, the demo clock, and where it is served at all.

const now = new Date('2026-03-10T15:00:00Z');
let server: LocalServer;
let client: WebClient;

/** A browser's cookie jar, reduced to what the workspace sets: the user and the CSRF token. */
class Browser {
  jar = new Map<string, string>();
  constructor(readonly base: string) {}
  get cookie() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(path: string) {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookie }, redirect: 'manual' });
    this.keep(res);
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(fields).toString(),
      // A browser names the page's origin on every form POST; the workspace refuses a form that names none.
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookie, origin: this.base, ...headers },
    });
    this.keep(res);
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }
  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      this.jar.set(k!, v!);
    }
  }
  get csrf() {
    return decodeURIComponent(this.jar.get('arbot_local_csrf') ?? '');
  }
}

beforeAll(async () => {
  server = await startLocalServer(now);
  client = new WebClient(localBot.token, { slackApiUrl: `${server.base}/local/api/`, retryConfig: { retries: 0 }, logger: slackTestLogger() });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('where the local workspace is served', () => {
  const demo = { chatConfigured: false, embedded: true, demoLedger: true, emailProvider: false };
  it.each([
    ['auto, the embedded demo, no chat platform: at / with the demo clock', 'auto', demo, { served: true, atRoot: true, clock: true, clockOff: null }],
    ['auto, a DATABASE_URL server: not without asking', 'auto', { ...demo, embedded: false }, { served: false, atRoot: false, clock: false, clockOff: expect.stringMatching(/DATABASE_URL/) }],
    ['auto beside Slack or Teams: never', 'auto', { ...demo, chatConfigured: true }, { served: false, atRoot: false, clock: false, clockOff: expect.stringMatching(/chat platform/) }],
    ['on, a DATABASE_URL server without a chat platform: at /, real time', 'on', { ...demo, embedded: false }, { served: true, atRoot: true, clock: false, clockOff: expect.stringMatching(/DATABASE_URL/) }],
    ['on, a DATABASE_URL server holding the demo, with SendGrid: at /, real time', 'on', { ...demo, embedded: false, emailProvider: true }, { served: true, atRoot: true, clock: false, clockOff: expect.stringMatching(/DATABASE_URL/) }],
    ['auto, the embedded demo with SendGrid configured: at /, real time', 'auto', { ...demo, emailProvider: true }, { served: true, atRoot: true, clock: false, clockOff: expect.stringMatching(/SENDGRID_API_KEY/) }],
    ['auto, an embedded ledger that is not the demo: at /, real time', 'auto', { ...demo, demoLedger: false }, { served: true, atRoot: true, clock: false, clockOff: expect.stringMatching(/demo ledger/) }],
    ['on beside Slack or Teams: under /local, real time', 'on', { ...demo, chatConfigured: true }, { served: true, atRoot: false, clock: false, clockOff: expect.stringMatching(/chat platform/) }],
    ['off: never', 'off', demo, { served: false, atRoot: false, clock: false, clockOff: expect.any(String) }],
  ] as const)('%s', (_name, setting, facts, mode) => {
    expect(localWorkspaceMode(setting, facts)).toEqual(mode);
  });
});

describe('the Slack Web API subset at /local/api', () => {
  it('posts, updates and threads messages as Slack answers them', async () => {
    const posted = await client.chat.postMessage({ channel: 'finance', text: 'fallback', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }] });
    expect(posted).toMatchObject({ ok: true, channel: 'finance', message: { bot_id: localBot.botId, text: 'fallback' } });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    // Slack gives every block an id; so does the workspace, so a click can name its block.
    expect(posted.message?.blocks?.[0]?.block_id).toMatch(/^\S+$/);
    await client.chat.update({ channel: 'finance', ts: posted.ts!, text: 'changed', blocks: [] });
    await client.chat.postMessage({ channel: 'finance', thread_ts: posted.ts!, text: 'a reply' });
    const rows = await server.db.sql`SELECT text, thread_ts, edited_at IS NOT NULL AS edited FROM local_messages WHERE channel = 'finance' ORDER BY id`;
    expect(rows.slice(-2)).toEqual([{ text: 'changed', thread_ts: null, edited: true }, { text: 'a reply', thread_ts: posted.ts, edited: false }]);
    await expect(client.chat.update({ channel: 'finance', ts: '1.000001', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    await expect(client.chat.postMessage({ channel: 'finance', text: '' })).rejects.toMatchObject({ data: { error: 'no_text' } });
    await expect(client.chat.postMessage({ channel: '#Not A Channel', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
  });

  it('knows the demo owners as users, by id and by email, and posts to their direct messages', async () => {
    const [ana] = await server.db.sql<{ id: string }[]>`SELECT id::text FROM owners WHERE email = 'ana.martin@demo.arbot.dev'`;
    const info = await client.users.info({ user: `L${ana!.id}` });
    expect(info.user).toMatchObject({ id: `L${ana!.id}`, real_name: 'Ana Martin', profile: { email: 'ana.martin@demo.arbot.dev' } });
    expect((await client.users.lookupByEmail({ email: 'ANA.MARTIN@demo.arbot.dev' })).user?.id).toBe(`L${ana!.id}`);
    await expect(client.users.info({ user: 'U123' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    expect((await client.chat.postMessage({ channel: `L${ana!.id}`, text: 'psst' })).channel).toBe(`DL${ana!.id}`);
    expect(await client.chat.postEphemeral({ channel: 'finance', user: `L${ana!.id}`, text: 'only you' })).toMatchObject({ ok: true });
  });

  it('refuses a wrong token and names a method it does not implement', async () => {
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: `${server.base}/local/api/`, retryConfig: { retries: 0 } });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(client.apiCall('files.upload', {})).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: localBot.userId, bot_id: localBot.botId });
  });
});

describe('the pages and their forms', () => {
  it('draws the home tab through arbot\'s app_home_opened listener', async () => {
    const b = new Browser(server.base);
    const home = await b.get('/local/home');
    expect(home.status).toBe(200);
    expect(home.text).toContain('My queue');
    expect(home.text).toContain('Approvals waiting for me');
  });

  it('refuses a form without the page\'s CSRF token, or posted from another site', async () => {
    const b = new Browser(server.base);
    await b.get('/local/c/finance');
    expect((await b.post('/local/clock', { csrf: 'forged', step: 'day', back: '/local/c/finance' })).status).toBe(403);
    expect((await b.post('/local/clock', { csrf: b.csrf, step: 'day', back: '/local/c/finance' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await readMeta(server.db.sql, 'local_demo_clock')).toBeUndefined();
  });

  it('answers an unknown command as Slack does, privately', async () => {
    const b = new Browser(server.base);
    await b.get('/local/c/finance');
    expect((await b.post('/local/command', { csrf: b.csrf, channel: 'finance', text: '/nope x', back: '/local/c/finance' })).status).toBe(303);
    expect((await b.get('/local/c/finance')).text).toContain('/nope is not a valid command.');
    expect((await new Browser(server.base).get('/local/c/finance')).text).toContain('/nope is not a valid command.'); // same default user
  });

  it.each([
    ['/review', 'Top-account review · 2026-02'],
    ['/team', 'Team report · as of 2026-03-10'],
  ])('runs %s from the composer through the Slack listeners, privately', async (command, header) => {
    const b = new Browser(server.base);
    await b.get('/local/c/finance');
    expect((await b.post('/local/command', { csrf: b.csrf, channel: 'finance', text: command, back: '/local/c/finance' })).status).toBe(303);
    expect((await b.get('/local/c/finance')).text).toContain(header);
  });

  // The demo clock runs on the embedded demo ledger only (test/integration/demo-clock.test.ts): on a server run of
  // the suite these two are skipped, visibly.
  it.skipIf(!isEmbedded())('moves the demo clock a day forward, keeps it, and runs the jobs for the new instant', async () => {
    const b = new Browser(server.base);
    await b.get('/local/c/finance');
    const r = await b.post('/local/clock', { csrf: b.csrf, step: 'day', back: '/local/c/finance' });
    expect(r.status).toBe(303);
    expect(decodeURIComponent(r.location!)).toMatch(/^\/local\/c\/finance\?notice=Now Wed, 11 Mar 2026, 15:00: \d+ alert message\(s\) posted/);
    expect(await readMeta(server.db.sql, 'local_demo_clock')).toEqual({ offset_ms: 86_400_000 });
    const runs = await server.db.sql`SELECT DISTINCT name FROM job_runs WHERE slot LIKE 'local:2026-03-11T15:00Z:%' AND status = 'done' ORDER BY name`;
    expect(runs.map((x) => x.name)).toEqual(expect.arrayContaining(['alerts', 'cadence']));
    expect((await b.get('/local/c/finance')).text).toContain('Wed, 11 Mar 2026, 15:00 (UTC)</strong> <span class="offset">(+1 day ahead of real time)</span>');
  });

  it.skipIf(!isEmbedded())('jumps to the next cadence step: day by day until a reminder goes out', async () => {
    const b = new Browser(server.base);
    await b.get('/local/c/finance');
    const r = await b.post('/local/clock', { csrf: b.csrf, step: 'cadence', back: '/local/c/finance' });
    expect(decodeURIComponent(r.location!)).toMatch(/^\/local\/c\/finance\?notice=Now [A-Z][a-z]{2}, \d+ Mar 2026, 15:00, \d+ day\(s\) later: /);
    expect(((await readMeta(server.db.sql, 'local_demo_clock')) as { offset_ms: number }).offset_ms).toBeGreaterThan(86_400_000);
  });
});

describe('beside a chat platform', () => {
  let teams: LocalServer;
  beforeAll(async () => {
    teams = await startLocalServer(now, { TEAMS_LOCAL: '1' });
  }, 120_000);
  afterAll(async () => {
    await teams?.close();
  });

  it('is served under /local only, on the real time: no demo clock', async () => {
    const b = new Browser(teams.base);
    expect((await b.get('/')).status).toBe(404);
    const page = await b.get('/local/c/finance');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Demo clock');
    expect((await b.post('/local/clock', { csrf: b.csrf, step: 'day', back: '/local/c/finance' })).status).toBe(404);
  });
});

describe('the outbox reader', () => {
  it('reads back what the outbox sender writes: encoded subject, quoted-printable HTML and text', () => {
    const eml = buildEml({
      from: { email: 'ar@acme.example', name: 'Compta, Sàrl' }, to: ['ap@x.example'], cc: ['cfo@x.example'], replyTo: null,
      subject: 'Relance : facture échue INV-1 — merci', text: 'Montant dû = 5 €\nLigne 2', html: `<p>Montant dû = 5 € ${'x'.repeat(100)}</p><a href="https://ar.example/d/abc?x=1&amp;y=2">Tell us</a>`,
      customArgs: { arbot_email_id: '12' }, categories: [],
    }, { date: new Date('2026-03-10T09:00:00Z'), messageId: '<1@acme.example>', boundary: '=_arbot_b' });
    const parsed = parseEml(eml);
    expect(parsed).toMatchObject({ subject: 'Relance : facture échue INV-1 — merci', to: 'ap@x.example', cc: 'cfo@x.example', date: 'Tue, 10 Mar 2026 09:00:00 +0000' });
    expect(parsed.from).toBe('Compta, Sàrl <ar@acme.example>');
    expect(parsed.text).toBe('Montant dû = 5 €\nLigne 2');
    expect(parsed.html).toBe(`<p>Montant dû = 5 € ${'x'.repeat(100)}</p><a href="https://ar.example/d/abc?x=1&amp;y=2">Tell us</a>`);
  });
});
