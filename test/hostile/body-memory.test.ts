import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procKb, resetPeakRss, streamUpload } from '../support/raw-http.js';
import { childEnv, startArbot } from '../support/spawn-cli.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';

// Bodies nobody should be able to make arbot hold: unsigned webhook posts, forged ones that look signed, and one
// NDJSON line far over the limit, all at once, against the real `arbot serve` in a child process whose peak
// resident memory (VmHWM, reset just before) is read from /proc.

const token = 'body-memory-token-0123456789abcdef';
const MiB = 1024 * 1024;
/** The stated bound: everything below at once adds at most this much to the server's peak resident memory. */
const boundKb = 64 * 1024;
let dataDir: string;
let serverDb: TestDb | null = null;
let app: Awaited<ReturnType<typeof startArbot>>;
let exitCode: number | null | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'arbot-memory-'));
  if (!isEmbedded()) serverDb = await openTestDb();
  app = await startArbot(childEnv({
    DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: serverDb?.url ?? undefined, SCHEDULER: 'off',
    DEMO_LEDGER: 'off', API_TOKEN: token, API_MAX_BODY_BYTES: String(8 * MiB),
    SENDGRID_WEBHOOK_PUBLIC_KEY: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    SENDGRID_INBOUND_PUBLIC_KEY: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  }));
  void app.exited.then((code) => (exitCode = code));
}, 120_000);
afterAll(async () => {
  if (app && exitCode === undefined) {
    app.child.kill('SIGTERM');
    await app.exited;
  }
  await serverDb?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const post = (path: string, headers: Record<string, string>) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;

describe('bodies held before authentication, and lines over the limit', () => {
  /** The attack, with bodies of `scale` times the sizes named in the test's title. */
  async function attack(scale: number) {
    const size = (n: number) => Math.max(1024, Math.floor(n * scale));
    const unsigned = Array.from({ length: 40 }, () => streamUpload(app.port,
      post('/webhooks/sendgrid', { 'content-type': 'application/json', 'content-length': String(size(8 * MiB)) }), size(8 * MiB), 0x20));
    // Fresh timestamp and a well-formed signature: these pass the header checks, so their bodies are read, within
    // the webhook's byte budget, until the signature fails.
    const forgedHeaders = {
      'content-type': 'application/json', 'content-length': String(size(3 * MiB)),
      'x-twilio-email-event-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-twilio-email-event-webhook-signature': Buffer.alloc(70, 7).toString('base64'),
    };
    const forged = Array.from({ length: 40 }, () => streamUpload(app.port, post('/webhooks/sendgrid', forgedHeaders), size(3 * MiB), 0x20));
    // The line is always over API_MAX_BODY_BYTES (8 MiB), so the warm-up takes the same path as the attack.
    const lineBytes = Math.max(size(200 * MiB), 9 * MiB);
    const line = streamUpload(app.port, post('/api/v1/invoices', {
      authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson', 'content-length': String(lineBytes),
    }), lineBytes, 0x78, 120_000);
    return Promise.all([...unsigned, ...forged, line]);
  }

  it('stays within +64 MB under 40 unsigned 8 MiB webhooks, 40 forged 3 MiB ones and a 200 MB NDJSON line at once, and still answers', async () => {
    // A small run of the same attack first, so the peak measured below is the bodies', not the first compilation
    // of these code paths or the heap's first growth.
    await attack(1 / 64);
    const pid = app.child.pid!;
    resetPeakRss(pid);
    const before = procKb(pid, 'VmHWM');
    const answers = await attack(1);
    const growthKb = procKb(pid, 'VmHWM') - before;

    expect(exitCode, app.logs().slice(-3000)).toBeUndefined();
    expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
    // Unsigned: refused from the headers (401), before the body. Forged: 401 once read, or 503 past the budget.
    for (const a of answers.slice(0, 40)) expect([401, null]).toContain(a.status);
    for (const a of answers.slice(40, 80)) expect([401, 503, null]).toContain(a.status);
    // The line: 413 as soon as it passes API_MAX_BODY_BYTES, long before its 200 MB were sent.
    expect(answers[80]!.status).toBe(413);
    expect(answers[80]!.sent).toBeLessThan(100 * MiB);
    expect(growthKb, `peak resident memory grew by ${Math.round(growthKb / 1024)} MB`).toBeLessThan(boundKb);
  }, 180_000);

  it('stays within +64 MB under 40 forged 3 MiB Inbound Parse replies and 40 unsigned 8 MiB ones at once, and still answers', async () => {
    const boundary = 'arbot-memory-boundary';
    const inbound = (scale: number) => {
      const size = (n: number) => Math.max(1024, Math.floor(n * scale));
      const forgedHeaders = {
        'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(size(3 * MiB)),
        'x-twilio-email-event-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-twilio-email-event-webhook-signature': Buffer.alloc(70, 7).toString('base64'),
      };
      // The body is one endless text field: a parser that kept it whole before the signature fails would show.
      const forged = Array.from({ length: 40 }, () => streamUpload(app.port, post('/webhooks/sendgrid/inbound', forgedHeaders), size(3 * MiB), 0x61));
      const unsigned = Array.from({ length: 40 }, () => streamUpload(app.port,
        post('/webhooks/sendgrid/inbound', { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(size(8 * MiB)) }), size(8 * MiB), 0x61));
      return Promise.all([...forged, ...unsigned]);
    };
    await inbound(1 / 64);
    const pid = app.child.pid!;
    resetPeakRss(pid);
    const before = procKb(pid, 'VmHWM');
    const answers = await inbound(1);
    const growthKb = procKb(pid, 'VmHWM') - before;
    expect(exitCode, app.logs().slice(-3000)).toBeUndefined();
    expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
    for (const a of answers.slice(0, 40)) expect([400, 401, 503, null]).toContain(a.status);
    for (const a of answers.slice(40)) expect([401, null]).toContain(a.status);
    expect(growthKb, `peak resident memory grew by ${Math.round(growthKb / 1024)} MB`).toBeLessThan(boundKb);
  }, 180_000);
});

