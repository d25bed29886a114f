import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox } from '../../adapters/local/outbox-reader.js';
import { runCadenceTick } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { startLocalServer, type LocalServer } from '../e2e/local-server.js';
import { importD3Ledger, importRows, owner, quietLog } from '../support/cadence-ledger.js';
import { inboundContentType, multipartBody, parsedModeParts, signedInbound } from '../support/inbound-parse.js';

// "Reply as the customer" in the local workspace's outbox: a reminder the cadence wrote to the outbox is answered
// through the form, and the reply goes through the real inbound webhook (signed with the workspace's own key), so it
// is stored, matched and pauses reminders as a reply from SendGrid would.

// Paris customer LR1, invoice due Tuesday 10 March 2026: its D+3 reminder goes out on Friday 13 March, 09:30 Paris.
const tick = new Date('2026-03-13T08:30:00Z');

/** A browser's cookie jar (the user and the CSRF token) and its same-origin form posts. */
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
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookie, origin: this.base, ...headers },
    });
    this.keep(res);
    return { status: res.status, location: decodeURIComponent(res.headers.get('location') ?? '') };
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

async function start(env: Record<string, string>): Promise<LocalServer> {
  return startLocalServer(tick, { EMAIL_FROM: 'ar@acme.example', ...env }, {
    demo: false,
    before: async (db) => {
      await importRows(db.sql, { owners: [owner] });
      await importD3Ledger(db.sql, ['LR1']);
    },
  });
}

interface Sent {
  readonly email: { readonly id: string; readonly message_id: string };
  readonly file: string;
}

/** Runs the cadence once (no SendGrid key: the outbox sender) and names the D+3 reminder and its outbox file. */
async function sendReminder(server: LocalServer): Promise<Sent> {
  await runCadenceTick(await cadenceDeps(server.config, server.db.sql, quietLog), tick);
  const [email] = await server.db.sql<{ id: string; message_id: string }[]>`
    SELECT id::text, message_id FROM reminder_emails WHERE step_key <> 'upcoming' AND status = 'sent'`;
  const file = (await listOutbox(join(server.dataDir, 'outbox'))).find((f) => f.endsWith(`-${email!.id}.eml`));
  expect(file).toBeDefined();
  return { email: email!, file: file! };
}

const replies = (server: LocalServer) => server.db.sql<{
  id: string; from_address: string; subject: string; headers: string; text_body: string; matched_by: string | null;
  reminder_email_id: string | null; customer_external_id: string | null;
}[]>`
  SELECT r.id::text, r.from_address, r.subject, r.headers, r.text_body, r.matched_by, r.reminder_email_id::text,
         c.external_id AS customer_external_id
  FROM inbound_replies r LEFT JOIN customers c ON c.id = r.customer_id ORDER BY r.id`;
const holdsOf = (server: LocalServer, replyId: string) => server.db.sql<{ invoice: string; reason: string }[]>`
  SELECT i.number AS invoice, h.reason FROM reminder_holds h JOIN invoices i ON i.id = h.invoice_id
  WHERE h.created_by = ${`reply:${replyId}`} ORDER BY i.number`;

describe('with INBOUND_DOMAIN: the reply reaches arbot at the email\'s Reply-To', () => {
  let server: LocalServer;
  let sent: Sent;
  beforeAll(async () => {
    server = await start({ INBOUND_DOMAIN: 'reply.acme.example' });
    sent = await sendReminder(server);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('offers the form on the email, prefilled with a promise two weeks ahead', async () => {
    const { file } = sent;
    const page = await new Browser(server.base).get(`/local/outbox/${file}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Reply as the customer');
    expect(page.text).toContain(`action="/local/outbox/${file}/reply"`);
    expect(page.text).toMatch(/From ap@lr1\.example to r\+[a-z2-7]{53}@reply\.acme\.example, in reply to this email/);
    expect(page.text).toMatch(/<textarea id="reply-text" name="text"[^>]*>We will pay on 27 March 2026\.<\/textarea>/);
  });

  it('refuses a reply without the page\'s CSRF token or from another site, and stores nothing', async () => {
    const { file } = sent;
    const b = new Browser(server.base);
    await b.get(`/local/outbox/${file}`);
    const before = (await replies(server)).length;
    expect((await b.post(`/local/outbox/${file}/reply`, { csrf: 'forged', text: 'We will pay' })).status).toBe(403);
    expect((await b.post(`/local/outbox/${file}/reply`, { csrf: b.csrf, text: 'We will pay' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await replies(server)).length).toBe(before);
  });

  it('still refuses webhook requests nobody signed, or signed with another key', async () => {
    const body = multipartBody(parsedModeParts({ messageId: '<forged@evil.example>', text: 'We will pay' }));
    const stranger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const url = `${server.base}/webhooks/sendgrid/inbound`;
    const unsigned = await fetch(url, { method: 'POST', body, headers: { 'content-type': inboundContentType } });
    const forged = await fetch(url, { method: 'POST', body, headers: { 'content-type': inboundContentType, ...signedInbound(body, stranger, String(tick.getTime() / 1000)) } });
    expect([unsigned.status, forged.status]).toEqual([401, 401]);
    expect((await replies(server)).map((r) => r.from_address)).not.toContain('Ana Lima <ana@northwind.example>');
  });

  it('stores the reply, matches it to the email by its token and pauses the customer\'s reminders', async () => {
    const { email, file } = sent;
    const b = new Browser(server.base);
    await b.get(`/local/outbox/${file}`);
    const r = await b.post(`/local/outbox/${file}/reply`, { csrf: b.csrf, back: `/local/outbox/${file}`, text: 'We will pay on 27 March 2026.' });
    expect(r.status).toBe(303);
    expect(r.location).toMatch(new RegExp(`^/local/outbox/${file}\\?notice=Replied as ap@lr1\\.example to r\\+[a-z2-7]{53}@reply\\.acme\\.example: arbot received it as reply \\d+`));
    const [reply] = (await replies(server)).filter((x) => x.from_address === 'ap@lr1.example');
    expect(reply).toMatchObject({ matched_by: 'token', reminder_email_id: email.id, customer_external_id: 'LR1' });
    expect(reply!.subject).toMatch(/^Re: /);
    expect(reply!.headers).toContain(`In-Reply-To: ${email.message_id}`);
    expect(reply!.text_body).toMatch(/^We will pay on 27 March 2026\.\n\nOn .+ wrote:\n> /);
    expect(await holdsOf(server, reply!.id)).toEqual([{ invoice: 'INV-ILR1', reason: 'customer replied' }]);
  });
});

describe('without INBOUND_DOMAIN: the reply threads on the email\'s Message-ID', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await start({});
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('is matched by In-Reply-To and pauses the reminders all the same', async () => {
    const { email, file } = await sendReminder(server);
    const b = new Browser(server.base);
    await b.get(`/local/outbox/${file}`);
    const r = await b.post(`/local/outbox/${file}/reply`, { csrf: b.csrf, text: 'Paid yesterday, see the remittance.' });
    expect(r.location).toContain('notice=Replied as ap@lr1.example to ana@acme.example: arbot received it as reply');
    const [reply] = await replies(server);
    expect(reply).toMatchObject({ matched_by: 'thread', reminder_email_id: email.id, customer_external_id: 'LR1' });
    expect(await holdsOf(server, reply!.id)).toEqual([{ invoice: 'INV-ILR1', reason: 'customer replied' }]);
  });
});

describe('with SENDGRID_INBOUND_PUBLIC_KEY set', () => {
  let server: LocalServer;
  beforeAll(async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    server = await start({ SENDGRID_INBOUND_PUBLIC_KEY: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('keeps the webhook on SendGrid\'s key alone: the form says why it is off and stores nothing', async () => {
    const { file } = await sendReminder(server);
    const b = new Browser(server.base);
    const page = await b.get(`/local/outbox/${file}`);
    expect(page.text).toContain('SENDGRID_INBOUND_PUBLIC_KEY is set');
    expect(page.text).not.toContain('id="reply-text"');
    const r = await b.post(`/local/outbox/${file}/reply`, { csrf: b.csrf, text: 'We will pay' });
    expect(r.location).toContain('notice=Replying here is off: SENDGRID_INBOUND_PUBLIC_KEY is set');
    expect(await replies(server)).toEqual([]);
  });
});
