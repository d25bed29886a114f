import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresEmailEventStore } from '../../adapters/postgres/email-events.js';
import { postgresMonthlyStatementStore } from '../../adapters/postgres/monthly-statements.js';
import { parseSendGridEvents } from '../../src/domain/sendgrid-events.js';
import { recordEmailEvents } from '../../src/services/record-email-events.js';
import { monthlyStatementsJob } from '../../jobs/monthly-statements.js';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import type { EmailSender, OutgoingEmail } from '../../src/ports/email-sender.js';
import type { MonthlyStatementDeps, MonthlyStatementRun } from '../../src/services/monthly-statements.js';
import { runJobInSlot } from '../../src/wire/scheduler.js';
import { statementDeps } from '../../src/wire/statement.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { capture } from '../support/csv-files.js';
import { dropKeptLines, keptLines, testLogger } from '../support/test-log.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The monthly-statements job on a real Postgres ledger: the policy loaded through `arbot policy statements load`,
// each run as of an explicit instant, emails through a recording sender on the "Send statement" path.
// August 2026 starts on a Saturday: business day 1 is Monday 3 August; business day 3 is Wednesday 5 August, or
// Thursday 6 for a customer in France, where Tuesday 4 is made a holiday here.

const config = loadConfig({
  COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent', EMAIL_FROM: 'billing@seller.example', EMAIL_FROM_NAME: 'Seller',
  PUBLIC_BASE_URL: 'https://ar.example.com', DEMO_LEDGER: 'off', SCHEDULER: 'off',
});
const job = monthlyStatementsJob(config.STATEMENT_SCHEDULE);
let db: TestDb;
let dir: string;
let sent: OutgoingEmail[] = [];
/** Addresses the provider refuses, as a SendGrid 400 would. */
const refused = new Set<string>();
/** Addresses whose send times out mid-request: the provider may have the email. */
const timedOut = new Set<string>();
let delayMs = 0;

const sender: EmailSender = {
  name: 'recording',
  async send(email) {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (email.to.some((t) => refused.has(t))) return { outcome: 'rejected', reason: 'invalid address', status: 400 };
    if (email.to.some((t) => timedOut.has(t))) return { outcome: 'unknown', reason: 'timed out after the request was sent' };
    sent.push(email);
    return { outcome: 'sent', provider: 'recording', messageId: `m${sent.length}` };
  },
};
const deps = (): MonthlyStatementDeps => ({
  store: postgresMonthlyStatementStore(db.sql), statement: statementDeps(config, db.sql, sender, Buffer.alloc(32, 3)),
  sendHour: config.CADENCE_SEND_HOUR, sendUntil: config.CADENCE_SEND_UNTIL,
});
const run = async (iso: string) => (await job.run(deps(), new Date(iso))) as unknown as MonthlyStatementRun;
const sentTo = () => sent.flatMap((e) => e.to).sort();

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, env: { LOG_LEVEL: 'silent', DATA_DIR: dir, COMPANY_TIMEZONE: 'Europe/Paris', EMAIL_FROM: 'billing@seller.example', LINK_SECRET: 'test-link-secret-0123456789abcdefghijklmnop' }, cwd: dir });
  return { code, out: out.text(), err: err.text() };
}

async function statements() {
  return db.sql<{ external_id: string; kind: string; statement_month: string | null; requested_by: string; status: string; invoice_count: number }[]>`
    SELECT c.external_id, s.kind, s.statement_month, s.requested_by, s.status, s.invoice_count
    FROM statement_emails s JOIN customers c ON c.id = s.customer_id ORDER BY s.id`;
}

beforeAll(async () => {
  db = await openTestDb();
  dir = await mkdtemp(join(tmpdir(), 'arbot-monthly-statements-'));
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana Martin', team: 'sales' }],
    customers: [
      customer('T-PAR', 'Europe/Paris', 'top'),
      customer('T-TYO', 'Asia/Tokyo', 'top'),
      customer('T-PAUSED', 'Europe/Paris', 'top'),
      customer('T-PAID', 'Europe/Paris', 'top'),
      customer('T-BOUNCED', 'Europe/Paris', 'top'),
      customer('S-PAR', 'Europe/Paris', 'standard'),
      customer('R-FR', 'Europe/Paris', 'at_risk', { country: 'FR' }),
      customer('R-DE', 'Europe/Berlin', 'at_risk', { country: 'DE' }),
    ],
    invoices: ['T-PAR', 'T-TYO', 'T-PAUSED', 'T-PAID', 'T-BOUNCED', 'S-PAR', 'R-FR', 'R-DE']
      .map((c) => invoice(`I-${c}`, c, '2026-07-15', '250.00')),
    payments: [{ external_id: 'P-1', customer_external_id: 'T-PAID', received_date: '2026-07-10', amount: '250.00', currency: 'EUR', invoice_number: 'INV-I-T-PAID' }],
  });
  await db.sql`INSERT INTO holidays (day, country, name) VALUES ('2026-08-04', 'FR', 'test holiday')`;
  await db.sql`INSERT INTO reminder_holds (customer_id, reason, created_by, created_at)
               SELECT id, 'talking to them', 'ana@acme.example', '2026-07-01T00:00:00Z' FROM customers WHERE external_id = 'T-PAUSED'`;
  await db.sql`INSERT INTO email_suppressions (email, reason, event) VALUES ('ap@t-bounced.example', 'mailbox unknown', 'bounce')`;
});
afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('arbot policy statements', () => {
  it('shows none until a file is loaded: monthly statements are optional', async () => {
    expect(await cli('policy', 'statements')).toEqual({ code: 0, out: '{\n  "monthly": []\n}\n', err: '' });
    expect(await run('2026-08-03T07:00:00Z')).toMatchObject({ considered: 0, sent: 0 });
    expect(sent).toEqual([]);
  });

  it.each([
    ['{\n  "monthly": [\n    {"segment": "top", "business_day": 1},\n    {"segment": "gold", "business_day": 1}\n  ]\n}\n',
      'bad.json:4: monthly.1.segment: a segment: top, standard, at_risk\n'],
    ['{\n  "monthly": [\n    {"segment": "top", "business_day": 0}\n  ]\n}\n', 'bad.json:3: monthly.0.business_day: a whole number from 1 to 20\n'],
    ['{\n  "monthly": [\n    {"segment": "top", "business_day": 1},\n  ]\n}\n', /^bad\.json:4: not valid JSON \(/],
    ['{\n  "monthly": [],\n  "quarterly": []\n}\n', 'bad.json:3: policy: unknown field "quarterly" (known: monthly)\n'],
  ])('refuses %j with FILE:LINE and what to fix, exit 3, nothing stored', async (text, said) => {
    await writeFile(join(dir, 'bad.json'), text);
    const r = await cli('policy', 'statements', 'load', 'bad.json');
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    if (typeof said === 'string') expect(r.err).toBe(said);
    else expect(r.err).toMatch(said);
    expect(await db.sql`SELECT 1 FROM statement_policy`).toHaveLength(0);
  });

  it('refuses a missing file and a bad command line', async () => {
    expect(await cli('policy', 'statements', 'load', 'nope.json')).toMatchObject({ code: 3, err: 'nope.json: not a readable file (ENOENT)\n' });
    expect((await cli('policy', 'statements', 'load')).code).toBe(2);
    expect((await cli('policy', 'statements', 'drop')).code).toBe(2);
  });

  it('loads a file, prints it back and audits it', async () => {
    await writeFile(join(dir, 'statements.json'), JSON.stringify({ monthly: [{ segment: 'top', business_day: 1 }, { segment: 'at_risk', business_day: 3 }] }));
    const r = await cli('policy', 'statements', 'load', 'statements.json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ monthly: [{ segment: 'top', business_day: 1 }, { segment: 'at_risk', business_day: 3 }] });
    expect(JSON.parse((await cli('policy', 'statements', 'show')).out)).toEqual(JSON.parse(r.out));
    expect(await db.sql`SELECT 1 FROM audit_log WHERE action = 'statement_policy.loaded' AND actor = 'cli'`).toHaveLength(1);
  });
});

describe('the monthly-statements job', () => {
  it('sends nothing on Saturday 1 August, the first of the month, nor on Monday before 09:00 in the customer\'s zone', async () => {
    expect(await run('2026-08-01T08:00:00Z')).toMatchObject({ due: 0, sent: 0 });
    // 08:59 on Monday in Tokyo (still Sunday in Paris).
    expect(await run('2026-08-02T23:59:00Z')).toMatchObject({ due: 0, sent: 0 });
    expect(sent).toEqual([]);
  });

  it('sends Tokyo its statement at 09:00 Tokyo time on Monday 3 August, when it is 02:00 in Paris', async () => {
    expect(await run('2026-08-03T00:00:00Z')).toMatchObject({ due: 1, sent: 1 });
    expect(sentTo()).toEqual(['ap@t-tyo.example']);
    // 08:59 in Paris: not yet.
    expect(await run('2026-08-03T06:59:00Z')).toMatchObject({ due: 0, sent: 0 });
  });

  it('at 09:00 in Paris: each top customer with something open and an address, once; paused, settled, bounced and other segments skipped', async () => {
    const r = await run('2026-08-03T07:00:00Z');
    // T-PAUSED is no candidate, T-TYO has its month's statement and S-PAR's segment has none: the others of top and
    // at_risk are considered; T-PAID has nothing open, T-BOUNCED no deliverable address, at_risk's day is not today.
    expect(r).toEqual({ considered: 5, due: 3, sent: 1, taken: 0, nothing_open: 1, no_recipient: 1, failed: 0, in_doubt: 0, unsent_claims: [] });
    expect(sentTo()).toEqual(['ap@t-par.example', 'ap@t-tyo.example']);
    const email = sent.find((e) => e.to.includes('ap@t-par.example'))!;
    // The statement is named by its customer and instant: its row is written after the send.
    const [{ id: parId }] = await db.sql<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = 'T-PAR'` as unknown as [{ id: bigint }];
    expect(email.customArgs).toEqual({ arbot_statement: '1', arbot_statement_customer_id: parId.toString(), arbot_statement_as_of: '2026-08-03T07:00:00.000Z' });
    expect(email.text).toContain('INV-I-T-PAR');
    expect(await statements()).toEqual([
      { external_id: 'T-TYO', kind: 'monthly', statement_month: '2026-08', requested_by: 'monthly-statements', status: 'sent', invoice_count: 1 },
      { external_id: 'T-PAR', kind: 'monthly', statement_month: '2026-08', requested_by: 'monthly-statements', status: 'sent', invoice_count: 1 },
    ]);
    // Never a cadence step: no reminder email, no step claimed.
    expect(await db.sql`SELECT 1 FROM reminder_emails`).toHaveLength(0);
    expect(await db.sql`SELECT 1 FROM reminders`).toHaveLength(0);
    // Claims are kept for what went out only.
    expect(await db.sql`SELECT c.external_id FROM monthly_statement_claims m JOIN customers c ON c.id = m.customer_id
                        WHERE m.statement_email_id IS NOT NULL ORDER BY 1`).toEqual([{ external_id: 'T-PAR' }, { external_id: 'T-TYO' }]);
    expect(await db.sql`SELECT 1 FROM monthly_statement_claims WHERE statement_email_id IS NULL`).toHaveLength(0);
  });

  it('sends once a month: later runs that day and that month send nothing more', async () => {
    for (const at of ['2026-08-03T08:00:00Z', '2026-08-03T14:00:00Z', '2026-08-04T07:00:00Z', '2026-08-31T07:00:00Z']) {
      expect(await run(at)).toMatchObject({ sent: 0 });
    }
    expect(sent).toHaveLength(2);
  });

  it('sends a paused customer its statement once the pause is lifted, the same day in business hours', async () => {
    await db.sql`UPDATE reminder_holds SET released_at = '2026-08-03T09:30:00Z'`;
    expect(await run('2026-08-03T09:00:00Z')).toMatchObject({ sent: 0 });
    expect(await run('2026-08-03T10:00:00Z')).toMatchObject({ sent: 1 });
    expect(sentTo()).toEqual(['ap@t-par.example', 'ap@t-paused.example', 'ap@t-tyo.example']);
  });

  it('skips a customer of a segment without a monthly statement: standard never gets one', async () => {
    expect(sent.some((e) => e.to.includes('ap@s-par.example'))).toBe(false);
    expect(await db.sql`SELECT 1 FROM statement_emails s JOIN customers c ON c.id = s.customer_id WHERE c.external_id = 'S-PAR'`).toHaveLength(0);
  });

  it('sends at_risk customers on business day 3 of their own calendar: Wednesday 5 in Germany, Thursday 6 in France (Tuesday 4 a French holiday)', async () => {
    const before = sent.length;
    expect(await run('2026-08-05T08:00:00Z')).toMatchObject({ sent: 1 });
    expect(sent.slice(before).map((e) => e.to)).toEqual([['ap@r-de.example']]);
    expect(await run('2026-08-06T08:00:00Z')).toMatchObject({ sent: 1 });
    expect(sent.slice(before + 1).map((e) => e.to)).toEqual([['ap@r-fr.example']]);
  });

  it('two runs at the same instant, as two instances would, send each statement once', async () => {
    await db.sql`DELETE FROM monthly_statement_claims`;
    await db.sql`DELETE FROM statement_emails`;
    sent = [];
    // The sends are slow, so both runs read their candidates before either has recorded a send.
    delayMs = 100;
    try {
      // 12:00 in Paris (T-PAR, and T-PAUSED since its pause was lifted); 19:00 in Tokyo, too late for T-TYO.
      const [a, b] = await Promise.all([run('2026-08-03T10:00:00Z'), run('2026-08-03T10:00:00Z')]);
      expect(a.sent + b.sent).toBe(2);
    } finally {
      delayMs = 0;
    }
    expect(sentTo()).toEqual(['ap@t-par.example', 'ap@t-paused.example']);
    expect((await statements()).filter((s) => s.status === 'sent')).toHaveLength(2);
  });

  it('of claims for one customer and month taken at once, exactly one wins', async () => {
    const store = postgresMonthlyStatementStore(db.sql);
    const [{ id }] = await db.sql<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = 'R-DE'` as unknown as [{ id: bigint }];
    const at = new Date('2026-09-03T08:00:00Z');
    const won = await Promise.all(Array.from({ length: 8 }, () => store.claim(BigInt(id), '2026-09', at)));
    expect(won.filter(Boolean)).toHaveLength(1);
    await store.release(BigInt(id), '2026-09');
    expect(await store.claim(BigInt(id), '2026-09', at)).toBe(true);
    await store.release(BigInt(id), '2026-09');
  });

  it('a refused send is recorded failed and tried again by a later run that day', async () => {
    await db.sql`DELETE FROM monthly_statement_claims`;
    await db.sql`DELETE FROM statement_emails`;
    sent = [];
    refused.add('ap@t-par.example');
    expect(await run('2026-08-03T10:00:00Z')).toMatchObject({ sent: 1, failed: 1 });
    refused.clear();
    expect(await run('2026-08-03T11:00:00Z')).toMatchObject({ sent: 1, failed: 0 });
    expect((await statements()).filter((s) => s.external_id === 'T-PAR').map((s) => s.status)).toEqual(['failed', 'sent']);
  });

  it('a send in doubt (a timeout mid-request) is recorded failed and never tried again that month', async () => {
    await db.sql`DELETE FROM monthly_statement_claims`;
    await db.sql`DELETE FROM statement_emails`;
    timedOut.add('ap@t-paused.example');
    try {
      expect(await run('2026-08-03T12:00:00Z')).toMatchObject({ sent: 1, in_doubt: 1, failed: 0 });
      expect(await run('2026-08-03T13:00:00Z')).toMatchObject({ sent: 0, in_doubt: 0, failed: 0 });
    } finally {
      timedOut.clear();
    }
    expect((await statements()).filter((s) => s.external_id === 'T-PAUSED').map((s) => s.status)).toEqual(['failed']);
  });

  it('is a scheduled job, hourly unless STATEMENT_SCHEDULE says otherwise, run by `arbot jobs run` as of an instant', async () => {
    expect(loadConfig({}).STATEMENT_SCHEDULE).toBe('0 * * * *');
    expect(loadConfig({ STATEMENT_SCHEDULE: '0 8-17 * * 1-5' }).STATEMENT_SCHEDULE).toBe('0 8-17 * * 1-5');
    // Tuesday 1 September 2026, 10:00 in Paris: business day 1 of September for the top customers, through the
    // configured sender (the outbox: no SendGrid key).
    const r = await cli('jobs', 'run', 'monthly-statements', '--as-of', '2026-09-01T08:00:00Z', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).jobs).toEqual([{ job: 'monthly-statements', ok: true, detail: expect.objectContaining({ sent: 2, nothing_open: 1, no_recipient: 1 }) }]);
    expect(await db.sql`SELECT c.external_id FROM statement_emails s JOIN customers c ON c.id = s.customer_id
                        WHERE s.statement_month = '2026-09' AND s.status = 'sent' ORDER BY 1`).toEqual([{ external_id: 'T-PAR' }, { external_id: 'T-PAUSED' }]);
    expect((await readdir(join(dir, 'outbox'))).length).toBe(2);
  });

  it('the unique index holds a month to one sent monthly statement per customer, whatever writes it', async () => {
    expect(await db.sql`SELECT 1 FROM statement_emails WHERE kind = 'monthly' AND status = 'sent'`).not.toHaveLength(0);
    await expect(db.sql`
      INSERT INTO statement_emails (customer_id, requested_by, as_of, to_emails, invoice_count, status, provider, kind, statement_month)
      SELECT customer_id, 'hand', now(), to_emails, 1, 'sent', 'x', 'monthly', '2026-08' FROM statement_emails WHERE status = 'sent' LIMIT 1`)
      .rejects.toThrow(/statement_emails_monthly_once/);
  });
});

describe('a claim never followed by a send', () => {
  // T-PAUSED's August statement ended in doubt above (its claim kept, no send named). Here a run claims T-TYO's
  // October statement and stops before sending, as a crash between claim and send would.
  const claimedAt = new Date('2026-10-01T00:00:00Z');

  it('is never sent by a later run, and is listed in the run\'s summary once an hour old, with the send in doubt', async () => {
    const [{ id }] = await db.sql<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = 'T-TYO'` as unknown as [{ id: bigint }];
    expect(await postgresMonthlyStatementStore(db.sql).claim(BigInt(id), '2026-10', claimedAt)).toBe(true);
    sent = [];
    // 09:30 in Tokyo on Thursday 1 October, business day 1: due, but claimed.
    const young = await run('2026-10-01T00:30:00Z');
    expect(sent).toEqual([]);
    expect(young.unsent_claims).toEqual([
      { customer_external_id: 'T-PAUSED', month: '2026-08', claimed_at: '2026-08-03T12:00:00.000Z', last_attempt: 'timed out after the request was sent' },
    ]);
    const old = await run('2026-10-01T01:30:00Z');
    expect(sent).toEqual([]);
    expect(old.unsent_claims).toEqual([
      young.unsent_claims[0],
      { customer_external_id: 'T-TYO', month: '2026-10', claimed_at: '2026-10-01T00:00:00.000Z', last_attempt: null },
    ]);
  });

  it('arbot statement claims lists them, exit 1 while there is any', async () => {
    const r = await cli('statement', 'claims', '--as-of', '2026-10-01T01:30:00Z');
    expect(r.code).toBe(1);
    expect(r.out).toBe([
      'T-PAUSED 2026-08: claimed 2026-08-03T12:00:00.000Z, send in doubt: timed out after the request was sent',
      'T-TYO 2026-10: claimed 2026-10-01T00:00:00.000Z, no send recorded (the run stopped after claiming)',
      'not sent again on their own (the provider may have them): check its activity log, then arbot statement release CUSTOMER --month YYYY-MM',
      '',
    ].join('\n'));
    const json = JSON.parse((await cli('statement', 'claims', '--as-of', '2026-10-01T00:30:00Z', '--json')).out);
    expect(json.unsent_claims.map((c: { customer_external_id: string }) => c.customer_external_id)).toEqual(['T-PAUSED']);
  });

  it('the scheduled run warns in the log while there is any', async () => {
    dropKeptLines();
    await runJobInSlot(db.sql, job, deps(), new Date('2026-10-01T01:40:00Z'), 'test-unsent', testLogger('warn'));
    expect(keptLines().join('\n')).toContain('2 monthly statement(s) claimed over an hour ago without a send: see arbot statement claims');
    dropKeptLines();
  });

  it('a person releases one, audited; the next run on its statement day sends it, once', async () => {
    const r = await cli('statement', 'release', 'T-TYO', '--month', '2026-10', '--by', 'ana@acme.example');
    expect(r).toEqual({ code: 0, err: '', out: 'monthly statement 2026-10 of T-TYO released: a run on its statement day sends it, or send one now with arbot statement send T-TYO\n' });
    expect(await db.sql`SELECT actor, details->>'month' AS month FROM audit_log WHERE action = 'statement.claim_released'`)
      .toEqual([{ actor: 'cli:ana@acme.example', month: '2026-10' }]);
    sent = [];
    const next = await run('2026-10-01T02:00:00Z');
    expect(sentTo()).toEqual(['ap@t-tyo.example']);
    expect(next.unsent_claims.map((c) => c.customer_external_id)).toEqual(['T-PAUSED']);
    expect((await run('2026-10-01T03:00:00Z')).sent).toBe(0);
  });

  it('refuses to release a claim whose statement was sent, one that does not exist, and a bad command line', async () => {
    expect(await cli('statement', 'release', 'T-TYO', '--month', '2026-10')).toMatchObject({ code: 1, err: 'arbot: statement release T-TYO: the 2026-10 statement was sent; nothing released\n' });
    expect(await cli('statement', 'release', 'T-TYO', '--month', '2026-11')).toMatchObject({ code: 1, err: 'arbot: statement release T-TYO: no claim on the 2026-11 statement; nothing to release\n' });
    expect(await cli('statement', 'release', 'NOPE', '--month', '2026-10')).toMatchObject({ code: 1, err: 'arbot: statement release NOPE: no such customer\n' });
    expect((await cli('statement', 'release', 'T-TYO')).code).toBe(2);
    expect((await cli('statement', 'release', 'T-TYO', '--month', '2026-13')).code).toBe(2);
    expect((await cli('statement', 'release', '--month', '2026-10')).code).toBe(2);
    expect(await db.sql`SELECT 1 FROM audit_log WHERE action = 'statement.claim_released'`).toHaveLength(1);
  });
});

describe('a monthly statement whose send ended in doubt', () => {
  async function event(sgEventId: string, name: string) {
    const [{ id }] = await db.sql<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = 'T-PAUSED'` as unknown as [{ id: bigint }];
    const parsed = parseSendGridEvents([{
      email: 'ap@t-paused.example', timestamp: Date.parse('2026-08-03T12:01:00Z') / 1000, event: name, sg_event_id: sgEventId,
      arbot_statement: '1', arbot_statement_customer_id: id.toString(), arbot_statement_as_of: '2026-08-03T12:00:00.000Z',
    }]);
    if (!parsed.ok) throw new Error(parsed.reason);
    await recordEmailEvents(postgresEmailEventStore(db.sql), parsed.events);
  }
  const pausedAugust = () => db.sql`
    SELECT s.status, s.provider, m.statement_email_id = s.id AS settled FROM statement_emails s
    JOIN customers c ON c.id = s.customer_id JOIN monthly_statement_claims m ON m.customer_id = s.customer_id AND m.statement_month = s.statement_month
    WHERE c.external_id = 'T-PAUSED' AND s.statement_month = '2026-08'`;

  it('stays in doubt on a deferral; is sent after all on SendGrid\'s delivered event, its claim settled, audited', async () => {
    await event('st-0', 'deferred');
    expect(await pausedAugust()).toEqual([{ status: 'failed', provider: null, settled: null }]);
    await event('st-1', 'delivered');
    await event('st-1', 'delivered');
    expect(await pausedAugust()).toEqual([{ status: 'sent', provider: 'sendgrid', settled: true }]);
    expect(await db.sql`SELECT actor, details->>'event' AS event FROM audit_log WHERE action = 'statement.sent_confirmed'`)
      .toEqual([{ actor: 'sendgrid', event: 'delivered' }]);
    expect((await run('2026-10-01T04:00:00Z')).unsent_claims).toEqual([]);
  });
});
