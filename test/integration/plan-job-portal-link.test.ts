import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import { runCli } from '../../src/cli/main.js';
import { parsePlanPolicy } from '../../src/domain/plans/plan-policy.js';
import { verifyPortalToken } from '../../src/domain/portal-link.js';
import { offerPaymentPlan, type PlanDeps } from '../../src/services/payment-plans.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { capture } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 20: "the portal link in every reminder email" and the bank details "shown in every reminder … with the exact
// reference to write". The instalment reminders the scheduled job `payment-plans` sends (run here by `arbot jobs
// run`, with the configured outbox sender) link the customer's portal, signed for that customer with their current
// key version, and say how to pay, in their language.

const secret = 'test-link-secret-0123456789abcdefghijklmnop';
let db: TestDb;
let dataDir: string;
let env: Record<string, string>;
let customerId: bigint;

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, env, now: () => new Date('2026-03-12T10:00:00Z') });
  return { code, out: out.text(), err: err.text() };
}

beforeAll(async () => {
  db = await openTestDb();
  dataDir = await mkdtemp(join(tmpdir(), 'arbot-plan-portal-'));
  env = { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent', DATA_DIR: dataDir, LINK_SECRET: secret, PUBLIC_BASE_URL: 'https://ar.example.com', EMAIL_FROM: 'billing@seller.example', EMAIL_FROM_NAME: 'Seller' };
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana Martin', team: 'sales' }],
    customers: [customer('C-1', 'Europe/Paris', 'standard', { locale: 'fr' })],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '900.00')],
  });
  const [row] = await db.sql<{ id: bigint; owner: bigint }[]>`SELECT c.id, c.sales_owner_id AS owner FROM customers c WHERE external_id = 'C-1'`;
  customerId = BigInt(row!.id);
  const deps: PlanDeps = {
    store: postgresPaymentPlanStore(db.sql), render: buildPlanEmail,
    sender: { name: 'test', send: async () => ({ outcome: 'sent', provider: 'test', messageId: 'm' }) },
    settings: { graceDays: 5, reminderDays: 3, sendHour: 9, sendUntil: 17, from: { email: 'ar@acme.example', name: 'Acme' } },
  };
  const policy = parsePlanPolicy({ max_instalments: 6, max_months: 6, min_instalment_minor: {}, approval_above_minor: { EUR: 500000 } });
  await deps.store.savePolicy((policy as { ok: true; policy: never }).policy, 'test');
  const ana: Actor = { ownerId: BigInt(row!.owner), email: 'ana@acme.example', name: 'Ana Martin', team: 'sales', approver: false, platformId: 'slack:U1' };
  const [inv] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'I-1'`;
  const r = await offerPaymentPlan(deps, ana, { invoiceIds: [BigInt(inv!.id)], schedule: { count: 3, firstDate: '2026-03-20', interval: { monthly: true } } }, new Date('2026-03-12T10:00:00Z'));
  expect(r).toMatchObject({ ok: true, status: 'active' });
  const file = join(dataDir, 'methods.json');
  await writeFile(file, JSON.stringify({ EUR: { account_name: 'Seller SAS', iban: 'FR1420041010050500013M02606', bic: 'BNPAFRPP', methods: ['wire'], phone_to_confirm: '+33 1 23 45 67 89' } }));
  expect((await cli('payment-methods', 'load', file, '--by', 'dan@acme.example')).code).toBe(0);
});
afterAll(async () => {
  await db?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the payment-plans job links the portal', () => {
  it('an instalment reminder (three business days before) carries the customer\'s signed portal link, in French', async () => {
    const r = await cli('jobs', 'run', 'payment-plans', '--as-of', '2026-03-17T09:00:00Z', '--json');
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).jobs).toEqual([{ job: 'payment-plans', ok: true, detail: expect.objectContaining({ sent: 1 }) }]);
    const files = await readdir(join(dataDir, 'outbox'));
    expect(files).toHaveLength(1);
    const mail = await PostalMime.parse(await readFile(join(dataDir, 'outbox', files[0]!), 'utf8'));
    expect(mail.subject).toMatch(/^Échéancier : 300,00\s€ à régler le 2026-03-20$/);
    const m = /Votre compte en ligne \(votre échéancier et toutes les factures en attente ; payez ou posez une question\) : https:\/\/ar\.example\.com\/p\/([A-Za-z0-9_.-]+)\n/.exec(mail.text ?? '');
    expect(m).not.toBeNull();
    expect(verifyPortalToken(m![1]!, secret, new Date('2026-03-17T09:00:00Z'))).toMatchObject({ ok: true, customerId });
    expect(mail.html).toContain(`<a href="https://ar.example.com/p/${m![1]!}"`);
  });

  it('the same reminder replies to the account manager, as reminders and statements do (not to the sending address)', async () => {
    const [file] = await readdir(join(dataDir, 'outbox'));
    const mail = await PostalMime.parse(await readFile(join(dataDir, 'outbox', file!), 'utf8'));
    expect((mail.replyTo ?? []).map((a) => ('address' in a ? a.address : ''))).toEqual(['ana@acme.example']);
  });

  it('the same reminder says how to pay: the account and the invoice number to write, in French, text and HTML', async () => {
    const [file] = await readdir(join(dataDir, 'outbox'));
    const mail = await PostalMime.parse(await readFile(join(dataDir, 'outbox', file!), 'utf8'));
    expect(mail.text).toContain([
      'Comment payer (EUR)', 'Par virement bancaire :', '  Titulaire du compte : Seller SAS', '  IBAN : FR14 2004 1010 0505 0001 3M02 606',
      '  BIC : BNPAFRPP', '  Référence à indiquer : INV-I-1',
    ].join('\n'));
    expect(mail.text).not.toContain('Par carte');
    expect(mail.html).toContain('<h2 style="margin:0 0 8px;font-size:17px;">Comment payer (EUR)</h2>');
    expect(mail.html).toContain('Référence à indiquer : <strong>INV-I-1</strong>');
  });
});
