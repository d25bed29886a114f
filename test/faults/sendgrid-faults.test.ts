import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSendGridSender } from '../../adapters/email/sendgrid-sender.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { cadenceConfig, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { dueEmails, emailsOf, type DueEmail } from '../support/fault-emails.js';
import { postTo, startFaultProxy, type Fault, type FaultProxy } from '../support/fault-proxy.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Customer emails through faults between arbot and SendGrid: the cadence's send queue with the real SendGrid
// sender (its production retry policy, a short timeout) behind a proxy that throttles, fails, resets and stalls
// mail/send. Afterwards each due email was accepted by SendGrid exactly once, or it is flagged in_doubt because
// SendGrid may have received it, and then it was never sent a second time.

const timeoutMs = 1000;
let db: TestDb;
let fake: FakeSendGrid;
let proxy: FaultProxy;
let deps: CadenceDeps;

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeSendGrid();
  proxy = await startFaultProxy(fake.url);
  const sender = createSendGridSender({
    apiKey: fake.apiKey, baseUrl: proxy.url, timeoutMs,
    // As src/wire/cadence.ts builds it, with a short first backoff so a 500 without Retry-After costs no seconds.
    retry: { maxAttempts: 4, maxWaitMs: 60_000, baseDelayMs: 50 },
  });
  deps = await cadenceDeps(cadenceConfig({ url: proxy.url, apiKey: fake.apiKey }), db.sql, quietLog, sender);
});
afterAll(async () => {
  await proxy?.close();
  await fake?.close();
  await db?.close();
});

/** How many mails SendGrid accepted for an address. */
const acceptedFor = (to: string) => fake.accepted().filter((m) => m.personalizations[0].to[0].email === to).length;

async function scenario(fault: Fault | null, times = 1): Promise<DueEmail[]> {
  const ids = await dueEmails(db.sql, 3);
  if (fault) proxy.inject(postTo('/v3/mail/send'), fault, times);
  await runCadenceTick(deps, new Date('2026-03-13T08:30:00Z'));
  // A later tick: what was left to retry goes out; what is in doubt stays in doubt.
  await runCadenceTick(deps, new Date('2026-03-13T10:30:00Z'));
  return emailsOf(db.sql, ids);
}

describe('customer emails through SendGrid under faults', () => {
  it.each<[string, Fault | null, number]>([
    ['none', null, 1],
    ['429 with Retry-After: 1', { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: '{"errors":[{"message":"too many requests"}]}' }, 1],
    ['HTTP 500', { kind: 'status', status: 500, body: '{"errors":[{"message":"internal"}]}' }, 1],
    ['HTTP 503 past the sender\'s four attempts', { kind: 'status', status: 503, body: '{}' }, 4],
  ])('sends each due email exactly once after %s', async (_name, fault, times) => {
    const emails = await scenario(fault, times);
    expect(emails.map((e) => e.status)).toEqual(['sent', 'sent', 'sent']);
    for (const e of emails) expect(acceptedFor(e.to), e.to).toBe(1);
  }, 20_000);

  it.each<[string, Fault, number]>([
    // The client cannot tell a reset before SendGrid read the request from one after: both are in doubt.
    ['a reset before SendGrid read the request', { kind: 'reset-before' }, 0],
    ['a SendGrid that never answers', { kind: 'hang' }, 0],
    ['a reset after SendGrid accepted the mail', { kind: 'reset-after' }, 1],
    ['an answer after the client timed out', { kind: 'late', ms: timeoutMs + 1000 }, 1],
  ])('after %s, flags that email in_doubt and never sends it again; the others go once', async (_name, fault, accepted) => {
    const emails = await scenario(fault);
    const doubtful = emails.filter((e) => e.status === 'in_doubt');
    expect(doubtful).toHaveLength(1);
    expect(emails.filter((e) => e.status === 'sent')).toHaveLength(2);
    expect(acceptedFor(doubtful[0]!.to)).toBe(accepted);
    for (const e of emails.filter((x) => x.status === 'sent')) expect(acceptedFor(e.to), e.to).toBe(1);
    // One request for the email in doubt: no retry inside the sender, none from the queue.
    const requests = proxy.requests.filter((r) => r.body.includes(doubtful[0]!.to));
    expect(requests).toHaveLength(1);
  }, 20_000);
});
