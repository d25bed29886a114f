import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { verifyDisputeToken } from '../../src/domain/dispute-link.js';
import { verifyStatementToken } from '../../src/domain/statement-link.js';
import { runCadenceTick } from '../../src/services/cadence-tick.js';
import type { TestBatchReport } from '../../src/services/cadence-test-batch.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { capture } from '../support/csv-files.js';
import { cadenceConfig, customer, importD3Ledger, importRows, invoice, owner, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// `arbot cadence test`: the next due emails, rendered as customers would get them, sent to one address only, and
// nothing recorded: a real tick afterwards sends the same words to the customers, as if the test had never run.

let db: TestDb;
let sendgrid: FakeSendGrid;
// Friday 13 March 2026, 09:30 in Paris: the D+3 step of invoices due Tuesday 10 March is due since 09:00.
const at = '2026-03-13T08:30:00Z';
const tester = 'qa@acme.example';
const secret = Buffer.from('test-link-secret-0123456789abcdef0123456789', 'utf8');
const fillers = Array.from({ length: 20 }, (_, i) => `F${String(i + 1).padStart(2, '0')}`);

async function cli(argv: string[], extra: Record<string, string | undefined> = {}) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, {
    out, err, db, env: {
      ...process.env, DATABASE_URL: undefined, COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent', SENDGRID_API_KEY: sendgrid.apiKey,
      SENDGRID_API_URL: sendgrid.url, EMAIL_RATE_PER_SECOND: '0', EMAIL_FROM: 'ar@acme.example', EMAIL_FROM_NAME: 'Acme Receivables',
      LINK_SECRET: secret.toString('utf8'), PUBLIC_BASE_URL: 'https://ar.acme.example', DEMO_LEDGER: 'off', SCHEDULER: 'off', ...extra,
    },
  });
  return { code, out: out.text(), err: err.text() };
}

async function testBatch(flags: string[], env: Record<string, string> = {}): Promise<TestBatchReport> {
  const r = await cli(['cadence', 'test', '--to', tester, '--as-of', at, '--json', ...flags], env);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as TestBatchReport;
}

/** Every table of the schema, each as a digest of all its rows: any insert, update or delete shows. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await db.sql<{ name: string }[]>`
    SELECT quote_ident(table_name) AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.sql.unsafe<{ n: string; digest: string | null }[]>(
      `SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${name} t`);
    out[name] = `${row!.n}:${row!.digest ?? ''}`;
  }
  const [seq] = await db.sql<{ last: string }[]>`SELECT last_value::text AS last FROM reminder_emails_id_seq`;
  out['reminder_emails_id_seq'] = seq!.last;
  return out;
}

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  await importRows(db.sql, { owners: [owner] });
  // Due at `at`: T1, T2 (English), T3 (French) and the 20 fillers, one D+3 invoice each; TM, two invoices in one
  // email; TA, a top account whose escalation (cc, needs approval) is due.
  await importD3Ledger(db.sql, ['T1', 'T2', ...fillers]);
  await importD3Ledger(db.sql, ['T3'], { locale: 'fr' });
  // Not due at `at`: TH is on hold, TN's New York morning has not begun.
  await importD3Ledger(db.sql, ['TH']);
  await importRows(db.sql, {
    customers: [customer('TM', 'Europe/Paris'), customer('TA', 'Europe/Paris', 'top'), customer('TN', 'America/New_York')],
    invoices: [invoice('M2', 'TM', '2026-03-10', '250.00'), invoice('M1', 'TM', '2026-03-10', '75.50'),
      invoice('A1', 'TA', '2026-03-03', '900.00'), invoice('N1', 'TN', '2026-03-10', '100.00')],
  });
  await db.sql`INSERT INTO reminder_holds (customer_id, reason, created_by, created_at)
               SELECT id, 'CFO on holiday', 'ana@acme.example', '2026-03-01' FROM customers WHERE external_id = 'TH'`;
  // TA was told twice already (D-7 and D+3), so its D+10 step is a real escalation copying its CFO.
  for (const [step, sentAt] of [['upcoming', '2026-02-24T08:00:00Z'], ['overdue', '2026-03-06T08:00:00Z']] as const) {
    await db.sql`
      WITH e AS (
        INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails, sent_at)
        SELECT id, 'top', ${step}, ${step}, 'sent', ${sentAt}, billing_emails, ${sentAt} FROM customers WHERE external_id = 'TA'
        RETURNING id, customer_id
      )
      INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
      SELECT i.id, ${step}, 'top', e.id, i.amount_minor, i.currency FROM e JOIN invoices i ON i.customer_id = e.customer_id`;
  }
});
beforeEach(() => sendgrid.reset());
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

describe('arbot cadence test: flags', () => {
  it.each([
    [['--to', 'a@acme.example,b@acme.example'], 'one address only, not a list'],
    [['--to', 'a@acme.example; b@acme.example'], 'one address only, not a list'],
    [['--to', 'a@acme.example b@acme.example'], 'one address only, not a list'],
    [['--to', 'Ana <ana@acme.example>'], 'without a display name'],
    [['--to', '"Ana" ana@acme.example'], 'without a display name'],
    [['--to', 'ana@acme.example\r\nBcc: victim@else.example'], 'no line breaks'],
    [['--to', 'ana@acme.example\n'], 'no line breaks'],
    [['--to', 'ana'], 'not an email address'],
    [['--to', ''], 'not an email address'],
    [[], 'needs --to ADDRESS'],
    [['--to'], 'option --to needs a value'],
    [['--to', tester, '--limit', '0'], '--limit 0: expected a whole number of invoices from 1 to 100'],
    [['--to', tester, '--limit', '101'], '--limit 101'],
    [['--to', tester, '--limit', '2.5'], '--limit 2.5'],
    [['--to', tester, '--limit', 'all'], '--limit all'],
    [['--to', tester, '--as-of', 'friday'], '--as-of friday'],
    [['--to', tester, '--cc', 'boss@acme.example'], 'unknown option --cc for cadence'],
  ])('refuses %j with one line and exit 2, sending nothing', async (flags, message) => {
    const before = await snapshot();
    const r = await cli(['cadence', 'test', ...flags]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err).toMatch(/^arbot: [^\n]*; see 'arbot cadence --help'\n$/);
    expect(sendgrid.requests).toHaveLength(0);
    expect(await snapshot()).toEqual(before);
  });

  it('documents the subcommand in arbot cadence --help', async () => {
    const r = await cli(['cadence', '--help']);
    expect(r.out).toContain('arbot cadence test --to ADDRESS [--limit N] [--as-of ISO-8601] [--json]');
  });
});

describe('arbot cadence test: the batch', () => {
  it('covers 20 invoices by default, whole emails only, sent to the tester alone', async () => {
    const before = await snapshot();
    const r = await testBatch([]);
    expect(r.invoices).toBe(20);
    expect(r.emails.reduce((n, e) => n + e.invoices.length, 0)).toBe(20);
    expect(r.sent).toBe(r.emails.length);
    const bodies = sendgrid.accepted();
    expect(bodies).toHaveLength(r.emails.length);
    for (const b of bodies) expect(b.personalizations).toEqual([{ to: [{ email: tester }] }]);
    expect(await snapshot()).toEqual(before);
  });

  it('honours --limit in invoices, leaving out an email that would not fit whole', async () => {
    const one = await testBatch(['--limit', '1']);
    expect(one).toMatchObject({ invoices: 1, sent: 1, limit: 1 });
    expect(one.emails).toHaveLength(1);
    expect(one.emails[0]!.invoices).toHaveLength(1);
    expect(sendgrid.accepted()).toHaveLength(1);
    sendgrid.reset();
    const three = await testBatch(['--limit', '3']);
    expect(three.invoices).toBe(3);
    expect(sendgrid.accepted()).toHaveLength(three.emails.length);
    // TM's two invoices go in one email, never split by the limit.
    expect(three.emails.flatMap((e) => e.customer_external_id === 'TM' ? [e.invoices] : [])).not.toContainEqual(['INV-M1']);
  });

  it('prints one line per email, marking the one that would wait for approval, and a summary', async () => {
    const r = await cli(['cadence', 'test', '--to', tester, '--as-of', at, '--limit', '100']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe(`as of 2026-03-13T08:30:00.000Z: test emails to ${tester} only, through sendgrid; nothing recorded as sent`);
    expect(lines.filter((l) => l.startsWith('  '))).toHaveLength(25);
    expect(r.out).toMatch(/^ {2}TA\s+Customer TA\s+INV-A1 {2}top\/escalation \(escalation\) en \[would wait for approval; real one copies the escalation contact\]$/m);
    expect(r.out).toMatch(/^ {2}T3\s+Customer T3\s+INV-IT3 {2}standard\/overdue \(overdue\) fr$/m);
    expect(lines.at(-1)).toBe('25 of 25 test emails sent (26 of at most 100 invoices); 1 would wait for approval; 0 not sent');
  });

  it('writes each test email to the local outbox when SendGrid is not configured, to the tester only', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'arbot-test-batch-'));
    try {
      const before = await snapshot();
      const r = await cli(['cadence', 'test', '--to', tester, '--as-of', at, '--limit', '2'], { SENDGRID_API_KEY: undefined, DATA_DIR: dataDir });
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`test emails to ${tester} only, through outbox; nothing recorded as sent`));
      expect(r.out).toMatch(/^\d+ of \d+ test emails sent \(2 of at most 2 invoices\)/m);
      const files = (await readdir(join(dataDir, 'outbox'))).sort();
      expect(files.length).toBeGreaterThanOrEqual(1);
      for (const f of files) {
        const eml = await readFile(join(dataDir, 'outbox', f), 'utf8');
        const head = eml.slice(0, eml.indexOf('\r\n\r\n'));
        expect(head).toMatch(new RegExp(`^To: ${tester}$`, 'm'));
        expect(head).toMatch(new RegExp(`^Reply-To: ${tester}$`, 'm'));
        expect(head).toMatch(/^Subject: \[TEST\] /m);
        expect(head).not.toMatch(/^Cc:|X-Arbot-Email-Id/m);
        expect(eml).not.toMatch(/ap@[a-z0-9]+\.example|cfo@/); // no customer address anywhere in the file
      }
      expect(sendgrid.requests).toHaveLength(0);
      expect(await snapshot()).toEqual(before);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('renders exactly what the tick then sends the customers, and records nothing', async () => {
    // One invoice row per email, so TM's email links its statement for the rest (a link the test must sign too).
    const rows = { EMAIL_MAX_ROWS: '1' };
    const before = await snapshot();
    const r = await testBatch(['--limit', '100'], rows);
    expect(await snapshot()).toEqual(before);
    const expected = ['T1', 'T2', 'T3', 'TA', 'TM', ...fillers];
    expect(r.emails.map((e) => e.customer_external_id).sort()).toEqual(expected.sort());
    expect(r).toMatchObject({ invoices: 26, sent: 25, failed: 0, outside_cohort: 0, too_large: 0 }); // TM's two invoices: one email
    const by = new Map(r.emails.map((e) => [e.customer_external_id, e]));
    expect(by.get('TA')).toMatchObject({ step: 'escalation', template: 'escalation', would_wait_for_approval: true, escalation_copied: true });
    expect(by.get('T3')).toMatchObject({ language: 'fr', would_wait_for_approval: false });
    expect([...by.get('TM')!.invoices].sort()).toEqual(['INV-M1', 'INV-M2']);

    const tests = sendgrid.accepted();
    expect(tests).toHaveLength(25);
    for (const b of tests) {
      expect(b.personalizations).toEqual([{ to: [{ email: tester }] }]);
      expect(b.reply_to).toEqual({ email: tester });
      expect(b.subject).toMatch(/^\[TEST\] /);
      expect(b.custom_args).toEqual({ arbot_test: '1' });
      expect(b.categories).toEqual(['arbot-test']);
      expect(b.headers).toBeUndefined();
    }
    // Links as for real: the dispute link names the invoice, the statement link the customer, the pay link as imported.
    const textOf = (id: string) => tests[r.emails.findIndex((e) => e.customer_external_id === id)]!.content[0].value as string;
    const [a1] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'A1'`;
    const [tm] = await db.sql<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = 'TM'`;
    const dispute = /https:\/\/ar\.acme\.example\/d\/([A-Za-z0-9._-]+)/.exec(textOf('TA'))![1]!;
    expect(verifyDisputeToken(dispute, secret, new Date(at))).toMatchObject({ ok: true, invoiceId: a1!.id });
    expect(textOf('TA')).toContain('https://pay.acme.example/A1');
    const statement = /https:\/\/ar\.acme\.example\/s\/([A-Za-z0-9._-]+)/.exec(textOf('TM'))![1]!;
    expect(verifyStatementToken(statement, secret, new Date(at))).toMatchObject({ ok: true, customerId: tm!.id });

    // The real tick at the same instant: every email is still due (nothing was claimed), TA waits for approval.
    sendgrid.reset();
    const deps = await cadenceDeps(cadenceConfig(sendgrid, rows), db.sql, quietLog);
    const tick = await runCadenceTick(deps, new Date(at));
    expect(tick).toMatchObject({ claimed: 25, awaiting_approval: 1, sent: 24 });
    expect(await snapshot()).not.toEqual(before); // the snapshot does see what a tick records
    // Approved as the chat's Approve button does (decideApproval), then sent by a tick at the same instant.
    await db.sql`UPDATE reminder_emails SET status = 'queued', decision = 'approved', next_attempt_at = NULL WHERE status = 'awaiting_approval'`;
    expect(await runCadenceTick(deps, new Date(at))).toMatchObject({ sent: 1 });
    const real = new Map(sendgrid.accepted().map((b) => [b.personalizations[0].to[0].email as string, b]));
    expect(real.get('ap@ta.example').personalizations[0].cc).toEqual([{ email: 'cfo@ta.example' }]);
    r.emails.forEach((e, i) => {
      const sent = real.get(`ap@${e.customer_external_id.toLowerCase()}.example`);
      expect(sent, e.customer_external_id).toBeDefined();
      expect(tests[i].subject).toBe(`[TEST] ${sent.subject}`);
      expect(tests[i].content).toEqual(sent.content); // text and HTML, links included
    });
  });
});
