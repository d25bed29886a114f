import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { verifyPortalToken } from '../../src/domain/portal-link.js';
import { capture } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// `arbot statement send` and `arbot portal rotate` on a real Postgres ledger, with the outbox sender (no SendGrid
// key): the statement's recipients, words, links and record, and a rotation that revokes the links already sent.

const now = () => new Date('2026-03-20T10:00:00Z');
const secret = 'test-link-secret-0123456789abcdefghijklmnop';
let db: TestDb;
let dataDir: string;
let env: Record<string, string>;
const ids: Record<string, string> = {};

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, now, env });
  return { code, out: out.text(), err: err.text() };
}

async function outbox(): Promise<string[]> {
  const dir = join(dataDir, 'outbox');
  const files = (await readdir(dir).catch(() => [])).sort();
  return Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
}

/** An .eml as its headers' addresses and its decoded text part. */
async function decoded(eml: string): Promise<string> {
  const m = await PostalMime.parse(eml);
  const addresses = (list: typeof m.to) => (list ?? []).map((a) => ('address' in a ? a.address : '')).join(', ');
  return `To: ${addresses(m.to)}\nReply-To: ${addresses(m.replyTo)}\n${m.text ?? ''}`;
}

beforeAll(async () => {
  db = await openTestDb();
  dataDir = await mkdtemp(join(tmpdir(), 'arbot-statement-'));
  env = { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent', DATA_DIR: dataDir, LINK_SECRET: secret, PUBLIC_BASE_URL: 'https://ar.example.com', EMAIL_FROM: 'billing@seller.example', EMAIL_FROM_NAME: 'Seller' };
  const [o] = await db.sql<{ id: string }[]>`INSERT INTO owners (email, name, team) VALUES ('ana@seller.example', 'Ana Martin', 'sales') RETURNING id::text`;
  for (const [key, emails, locale] of [['C-fr', '{ap@dupont.example,bounced@dupont.example}', 'fr-FR'], ['C-gone', '{gone@x.example}', 'en'], ['C-none', '{ap@none.example}', 'en']] as const) {
    const [c] = await db.sql<{ id: string }[]>`
      INSERT INTO customers (external_id, name, timezone, billing_emails, locale, sales_owner_id)
      VALUES (${key}, ${`Client ${key}`}, 'Europe/Paris', ${emails}::text[], ${locale}, ${o!.id}::int8) RETURNING id::text`;
    ids[key] = c!.id;
  }
  await db.sql`INSERT INTO email_suppressions (email, reason, event) VALUES ('bounced@dupont.example', 'mailbox unknown', 'bounce'), ('gone@x.example', 'mailbox unknown', 'bounce')`;
  await db.sql`
    INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor, pay_url)
    VALUES ('e1', 'F-1', ${ids['C-fr']!}::int8, '2026-01-01', '2026-02-01', 'EUR', 123450, 'https://pay.example/f1'),
           ('e2', 'F-2', ${ids['C-fr']!}::int8, '2026-01-01', '2026-04-01', 'USD', 5000, NULL),
           ('e3', 'G-1', ${ids['C-gone']!}::int8, '2026-01-01', '2026-02-01', 'EUR', 100, NULL)`;
});
afterAll(async () => {
  await db?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('arbot statement send', () => {
  it('emails the non-suppressed billing contacts every open invoice with the portal link, in their language, and records it', async () => {
    const r = await cli('statement', 'send', 'C-fr');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe('statement of 2 open invoices sent to 1 billing contact of C-fr\n');
    const [eml, ...others] = await outbox();
    expect(others).toEqual([]);
    const text = await decoded(eml!);
    expect(text).toMatch(/^To: ap@dupont\.example$/m);
    expect(text).not.toContain('bounced@dupont.example');
    expect(text).toMatch(/^Reply-To: ana@seller\.example$/m);
    expect(text).toContain('relevé de votre compte');
    expect(text).toContain('F-1');
    expect(text).toContain('F-2');
    expect(text).toContain('https://pay.example/f1');
    const token = /https:\/\/ar\.example\.com\/p\/([A-Za-z0-9_.-]+)/.exec(text)![1]!;
    expect(verifyPortalToken(token, secret, now())).toMatchObject({ ok: true, customerId: BigInt(ids['C-fr']!), keyVersion: 1 });
    const rows = await db.sql`SELECT requested_by, to_emails, invoice_count, status FROM statement_emails`;
    expect(rows).toEqual([{ requested_by: 'cli', to_emails: ['ap@dupont.example'], invoice_count: 2, status: 'sent' }]);
    // Not a cadence reminder: no email row, no step claimed.
    expect(await db.sql`SELECT 1 FROM reminder_emails`).toHaveLength(0);
    expect(await db.sql`SELECT 1 FROM reminders`).toHaveLength(0);
    expect(await db.sql`SELECT 1 FROM audit_log WHERE action = 'statement.sent' AND actor = 'cli'`).toHaveLength(1);
  });

  it.each([
    [['C-nobody'], 'no such customer'],
    [['C-none'], 'no open invoice'],
    [['C-gone'], 'every billing contact is suppressed'],
  ])('refuses %j and sends nothing', async (args, words) => {
    const before = (await outbox()).length;
    const r = await cli('statement', 'send', ...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(words);
    expect((await outbox()).length).toBe(before);
  });

  it('shows "How to pay" as reminders do: the bank details in force, the reference, and no card link where card is not accepted', async () => {
    const file = join(dataDir, 'methods.json');
    await writeFile(file, JSON.stringify({ EUR: { account_name: 'Seller SAS', iban: 'FR1420041010050500013M02606', bic: 'BNPAFRPP', methods: ['wire'], phone_to_confirm: '+33 1 23 45 67 89' } }));
    expect((await cli('payment-methods', 'load', file)).code).toBe(0);
    expect((await cli('statement', 'send', 'C-fr')).code).toBe(0);
    const text = await decoded((await outbox()).at(-1)!);
    expect(text).toContain('FR14 2004 1010 0505 0001 3M02 606');
    expect(text).toContain('BNPAFRPP');
    expect(text).toContain('F-1');
    // EUR accepts wire only: the invoice's card pay link is left out; USD has no details: its (absent) link unchanged.
    expect(text).not.toContain('https://pay.example/f1');
  });

  it('needs one customer', async () => {
    expect((await cli('statement', 'send')).code).toBe(2);
    expect((await cli('statement', 'mail', 'C-fr')).code).toBe(2);
  });
});

describe('arbot portal rotate', () => {
  it('revokes every portal link sent so far: the next statement carries the new key version', async () => {
    const r = await cli('portal', 'rotate', 'C-fr', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ customer_external_id: 'C-fr', portal_key_version: 2 });
    expect((await cli('portal', 'rotate', 'C-nobody')).code).toBe(1);
    expect((await cli('statement', 'send', 'C-fr')).code).toBe(0);
    const last = await decoded((await outbox()).at(-1)!);
    const token = /https:\/\/ar\.example\.com\/p\/([A-Za-z0-9_.-]+)/.exec(last)![1]!;
    expect(verifyPortalToken(token, secret, now())).toMatchObject({ ok: true, keyVersion: 2 });
  });
});
