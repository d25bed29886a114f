import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Client } from '@sendgrid/client';
import type { ClientRequest } from '@sendgrid/client/src/request.js';
import { MailService, type MailDataRequired } from '@sendgrid/mail';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../adapters/email/sendgrid-failure.js';
import { createSendGridSender, recipients, toMailSendBody, type SendGridSenderOptions } from '../../adapters/email/sendgrid-sender.js';
import type { OutgoingEmail } from '../../src/ports/email-sender.js';
import { sendGridError, startFakeSendGrid, tooManyRequests, type FakeSendGrid } from '../support/fake-sendgrid.js';

const email: OutgoingEmail = {
  from: { email: 'billing@northwind.example', name: 'Northwind Accounts' },
  to: ['ap@acme.example', 'finance@acme.example'],
  cc: ['cfo@acme.example'],
  replyTo: 'jane.doe@northwind.example',
  subject: 'Rappel : facture F-1 en attente de règlement',
  text: 'Montant dû : 1 234,50 €',
  html: '<p>Montant dû : 1 234,50 €</p>',
  customArgs: { arbot_email_id: '42', policy: 'standard', step: 'overdue' },
  categories: ['arbot-reminder', 'overdue'],
};

let fake: FakeSendGrid;
let sleeps: number[];

beforeAll(async () => {
  fake = await startFakeSendGrid();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  sleeps = [];
});

function sender(overrides: Partial<SendGridSenderOptions> = {}) {
  return createSendGridSender({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    retry: { maxAttempts: 3, maxWaitMs: 10_000, baseDelayMs: 100 },
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  });
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the v3 request', () => {
  it('posts the exact mail/send JSON with the bearer key', async () => {
    const result = await sender().send(email);

    expect(fake.requests).toHaveLength(1);
    const [req] = fake.requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/v3/mail/send');
    expect(req!.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(req!.headers['content-type']).toMatch(/^application\/json/);
    expect(req!.body).toEqual({
      from: { email: 'billing@northwind.example', name: 'Northwind Accounts' },
      personalizations: [{
        to: [{ email: 'ap@acme.example' }, { email: 'finance@acme.example' }],
        cc: [{ email: 'cfo@acme.example' }],
      }],
      reply_to: { email: 'jane.doe@northwind.example' },
      subject: 'Rappel : facture F-1 en attente de règlement',
      content: [
        { type: 'text/plain', value: 'Montant dû : 1 234,50 €' },
        { type: 'text/html', value: '<p>Montant dû : 1 234,50 €</p>' },
      ],
      custom_args: { arbot_email_id: '42', policy: 'standard', step: 'overdue' },
      categories: ['arbot-reminder', 'overdue'],
    });
    expect(result).toEqual({ outcome: 'sent', provider: 'sendgrid', messageId: req!.messageId });
    expect(req!.messageId).toMatch(/^fake\d+\./);
  });

  it('leaves out cc and reply_to when there are none, and drops a cc that repeats a recipient', async () => {
    await sender().send({ ...email, cc: [], replyTo: null, categories: [] });
    await sender().send({ ...email, cc: ['AP@acme.example', 'cfo@acme.example'] });

    const [bare, deduped] = fake.accepted();
    expect(bare.personalizations).toEqual([{ to: [{ email: 'ap@acme.example' }, { email: 'finance@acme.example' }] }]);
    expect(bare).not.toHaveProperty('reply_to');
    expect(bare).not.toHaveProperty('categories');
    expect(deduped.personalizations[0].cc).toEqual([{ email: 'cfo@acme.example' }]);
  });
});

/** The same email as a message for @sendgrid/mail (MailService#send), the way arbot sent it before. */
function toSendGridMail(email: OutgoingEmail): MailDataRequired {
  const { to, cc } = recipients(email);
  return {
    from: { email: email.from.email, name: email.from.name },
    personalizations: [cc.length > 0 ? { to, cc } : { to }],
    ...(email.replyTo ? { replyTo: { email: email.replyTo } } : {}),
    subject: email.subject,
    content: [
      { type: 'text/plain', value: email.text },
      { type: 'text/html', value: email.html },
    ],
    customArgs: { ...email.customArgs },
    ...(email.categories.length > 0 ? { categories: [...email.categories] } : {}),
    ...(email.messageId ? { headers: { 'Message-ID': email.messageId } } : {}),
  };
}

describe('the body built without @sendgrid/mail\'s deep copy', () => {
  /** What MailService#send hands its client for `toSendGridMail(email)`. */
  async function mailServiceRequest(e: OutgoingEmail): Promise<ClientRequest> {
    const requests: ClientRequest[] = [];
    const service = new MailService();
    service.setClient({ request: async (r: ClientRequest) => void requests.push(r) } as unknown as Client);
    await service.send(toSendGridMail(e));
    return requests[0]!;
  }

  it.each([
    ['every field', email],
    ['no cc, no reply-to, no categories', { ...email, cc: [], replyTo: null, categories: [] }],
    ['a cc repeating a recipient, padded addresses', { ...email, to: [' ap@acme.example '], cc: ['AP@acme.example', 'cfo@acme.example'] }],
    ['a from without a name, no custom args, an empty category', { ...email, from: { email: 'b@n.example', name: '' }, customArgs: {}, categories: ['', 'x'] }],
    ['quotes, angle brackets and non-ASCII text', { ...email, subject: '"Relance" <urgent> ü', text: 'a\nb\t"c"', html: '<p a="1">é &amp; 😀</p>' }],
  ])('is the body MailService#send posts: %s', async (_, e) => {
    const viaMail = await mailServiceRequest(e);
    expect(toMailSendBody(e)).toEqual(JSON.parse(JSON.stringify(viaMail.body)));
    expect(viaMail).toMatchObject({ method: 'POST', url: '/v3/mail/send' });
    expect(viaMail.headers ?? {}).toEqual({});
  });

  it('is the body MailService#send posts for an email with our Message-ID and a reply address', async () => {
    const e = { ...email, replyTo: 'r+aeaaaaaaaaaaakqaaaaaa27574ahjjjg6jswyfqgpt5yb2yllwaw6@reply.northwind.example', messageId: '<arbot.42.9f2c4e1a0b7d3c5e@reply.northwind.example>' };
    const viaMail = await mailServiceRequest(e);
    expect(toMailSendBody(e)).toEqual(JSON.parse(JSON.stringify(viaMail.body)));
    expect(toMailSendBody(e).headers).toEqual({ 'Message-ID': '<arbot.42.9f2c4e1a0b7d3c5e@reply.northwind.example>' });
    // MailService#send also copies the mail's headers onto the API request itself; our sender leaves those out.
    expect(viaMail.headers).toEqual({ 'Message-ID': '<arbot.42.9f2c4e1a0b7d3c5e@reply.northwind.example>' });
  });
});

describe('provider answers', () => {
  it('retries a 429 after its Retry-After and reports the send that succeeded', async () => {
    fake.enqueue(tooManyRequests(1));
    const result = await sender().send(email);

    expect(fake.requests.map((r) => r.answer)).toEqual([429, 202]);
    expect(sleeps).toEqual([1000]);
    expect(result).toEqual({ outcome: 'sent', provider: 'sendgrid', messageId: fake.requests[1]!.messageId });
  });

  it('waits for real when no sleep is injected (Retry-After: 0)', async () => {
    fake.enqueue(tooManyRequests(0));
    const result = await createSendGridSender({
      apiKey: fake.apiKey, baseUrl: fake.url, retry: { maxAttempts: 2, maxWaitMs: 1000 },
    }).send(email);

    expect(result.outcome).toBe('sent');
    expect(fake.requests).toHaveLength(2);
  });

  it('backs off exponentially on 5xx and gives up as "retry" after maxAttempts', async () => {
    fake.enqueue(sendGridError(500, 'internal error'), sendGridError(503, 'unavailable'), sendGridError(502, 'bad gateway'));
    const result = await sender().send(email);

    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
    expect(result).toEqual({
      outcome: 'retry', reason: 'sendgrid 502: bad gateway (gave up after 3 attempts)', retryAfterMs: 400,
    });
  });

  it('stops at once when Retry-After is beyond maxWaitMs, passing the wait on', async () => {
    fake.enqueue(tooManyRequests(120));
    const result = await sender({ retry: { maxAttempts: 5, maxWaitMs: 30_000 } }).send(email);

    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(result).toMatchObject({ outcome: 'retry', retryAfterMs: 120_000 });
    if (result.outcome === 'retry') expect(result.reason).toContain('sendgrid 429');
  });

  it('reports a 400 as rejected with SendGrid\'s message, without retrying', async () => {
    fake.enqueue(sendGridError(400, 'The from address does not match a verified Sender Identity.', 'from'));
    const result = await sender().send(email);

    expect(fake.requests).toHaveLength(1);
    expect(result).toEqual({
      outcome: 'rejected', status: 400,
      reason: 'sendgrid 400: The from address does not match a verified Sender Identity. (from)',
    });
  });

  it('reports a wrong key as rejected (401) and never echoes the key', async () => {
    const wrongKey = 'SG.wrong-key-that-must-not-leak';
    const result = await sender({ apiKey: wrongKey }).send(email);

    expect(result).toMatchObject({ outcome: 'rejected', status: 401 });
    expect(JSON.stringify(result)).not.toContain(wrongKey);
    expect(fake.requests[0]!.authorized).toBe(false);
  });
});

describe('network failures', () => {
  it('treats a refused connection as safe to retry', async () => {
    const port = await closedPort();
    const result = await sender({ baseUrl: `http://127.0.0.1:${port}` }).send(email);

    expect(result).toMatchObject({ outcome: 'retry', retryAfterMs: null });
    if (result.outcome === 'retry') expect(result.reason).toContain('ECONNREFUSED');
    expect(sleeps).toEqual([]);
  });

  it('treats a host that does not resolve as safe to retry', async () => {
    const result = await sender({ baseUrl: 'http://arbot-test.invalid' }).send(email);

    expect(result.outcome).toBe('retry');
    if (result.outcome === 'retry') expect(result.reason).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });

  it('treats a connection reset after the request was sent as unknown, never retried', async () => {
    fake.enqueue({ destroySocket: true });
    const result = await sender().send(email);

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.answer).toBe('destroyed');
    expect(fake.requests[0]!.body.custom_args.arbot_email_id).toBe('42');
    expect(result.outcome).toBe('unknown');
    if (result.outcome === 'unknown') expect(result.reason).toContain('ECONNRESET');
    expect(JSON.stringify(result)).not.toContain(fake.apiKey);
  });

  it('never follows a redirect: the email is in doubt, posted once', async () => {
    fake.enqueue({ status: 307, headers: { location: `${fake.url}/v3/mail/send?again=1` } });
    const result = await sender().send(email);

    expect(fake.requests).toHaveLength(1);
    expect(result.outcome).toBe('unknown');
    if (result.outcome === 'unknown') expect(result.reason).toContain('HTTP 307');
  });

  it('treats a timeout as unknown', async () => {
    fake.enqueue({ status: 202, delayMs: 1000 });
    const result = await sender({ timeoutMs: 150 }).send(email);

    expect(result.outcome).toBe('unknown');
    if (result.outcome === 'unknown') expect(result.reason).toMatch(/timeout/);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['1', 0, 1000],
    ['0', 0, 0],
    [' 30 ', 0, 30_000],
    ['Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z'), 60_000],
    ['Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T08:00:00Z'), 0],
    ['soon', 0, null],
    [null, 0, null],
  ])('reads %j at %i as %s ms', (value, now, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});

describe('options', () => {
  it.each([
    [{ maxAttempts: 0, maxWaitMs: 0 }, /maxAttempts/],
    [{ maxAttempts: 1.5, maxWaitMs: 0 }, /maxAttempts/],
    [{ maxAttempts: 1, maxWaitMs: -1 }, /maxWaitMs/],
  ])('refuses retry %j', (retry, message) => {
    expect(() => createSendGridSender({ apiKey: 'SG.x', baseUrl: 'http://127.0.0.1:1', retry })).toThrow(message);
  });
});
