import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modalInputs } from '../../blocks/slack/modals.js';
import { portalPageRoutes } from '../../adapters/http/portal-page.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { postgresCustomerPortalStore } from '../../adapters/postgres/customer-portal.js';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { signPortalToken } from '../../src/domain/portal-link.js';
import { rightsSettings } from '../../src/services/chat-actions/rights-settings.js';
import { formIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { capture } from '../support/csv-files.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { testLogger } from '../support/test-log.js';

// Payment-term extensions as policy data (issue 19), on Postgres: `arbot policy terms load` changes how far a
// promise or a pause may go without a finance approver, per customer segment, for the running Slack app and the
// customer portal alike (read at each decision, no restart); with no policy, PROMISE_MAX_DAYS / PAUSE_MAX_DAYS rule.
// Today is Friday 20 March 2026 in Paris; the environment here says PROMISE_MAX_DAYS=25, PAUSE_MAX_DAYS=30.

const now = new Date('2026-03-20T10:00:00Z');
const env = {
  LOG_LEVEL: 'silent', COMPANY_TIMEZONE: 'Europe/Paris', EMAIL_FROM: 'billing@seller.example', PROMISE_MAX_DAYS: '25', PAUSE_MAX_DAYS: '30',
  LINK_SECRET: 'test-link-secret-0123456789abcdefghijklmnop', DEMO_LEDGER: 'off', SCHEDULER: 'off',
};
const config = loadConfig(env);
const secret = env.LINK_SECRET;
const publicBaseUrl = 'https://ar.example.com';
const ana = 'U0ANA';
const generous = { capacity: 1000, perSecond: 1000 };

let db: TestDb;
let dir: string;
let h: SlackHarness;
let http: HttpServer;
let base: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await openTestDb();
  dir = await mkdtemp(join(tmpdir(), 'arbot-terms-'));
  h = await startSlackHarness(db, { now, users: [{ id: ana, email: 'ana@acme.example', name: 'ana' }], rights: rightsSettings(config) });
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: ana }],
    customers: [customer('T-1', 'Europe/Paris', 'top'), customer('S-1', 'Europe/Paris', 'standard')],
    invoices: ['T1', 'T2', 'T3', 'T4', 'S1', 'S2', 'S3', 'S4'].map((i) => invoice(`I-${i}`, i.startsWith('T') ? 'T-1' : 'S-1', '2026-03-10', '1200.00')),
  });
  for (const r of await db.sql<{ external_id: string; id: bigint }[]>`SELECT external_id, id FROM invoices UNION ALL SELECT external_id, id FROM customers`) ids[r.external_id] = String(r.id);
  http = createHttpServer(portalPageRoutes({
    store: postgresCustomerPortalStore(db.sql), secret, publicBaseUrl, disputeLinkTtlDays: 90, promiseMaxDays: config.PROMISE_MAX_DAYS,
    now: () => now, log: testLogger(), limits: { getPerIp: generous, getPerLink: generous, postPerIp: generous, postPerLink: generous },
  }), testLogger());
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await h?.close();
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, env: { ...env, DATA_DIR: dir }, cwd: dir });
  return { code, out: out.text(), err: err.text() };
}

const input = (f: { blockId: string; actionId: string }, v: unknown) => ({ [f.blockId]: { [f.actionId]: v } });

/** Ana, the customers' sales owner (not finance), logs a promise in Slack's signed modal. */
async function promise(invoiceKey: string, date: string) {
  const r = await h.post(viewSubmissionBody({
    callbackId: formIds.promise, userId: ana, privateMetadata: JSON.stringify({ i: ids[invoiceKey] }),
    values: {
      ...input(modalInputs.promise.date, stateValue.datepicker(date)), ...input(modalInputs.promise.amount, stateValue.plainText('')),
      ...input(modalInputs.promise.note, stateValue.plainText('by phone')),
    },
  }));
  expect(r.status).toBe(200);
  expect(r.text).toBe('');
}

async function pause(invoiceKey: string, until: string) {
  const r = await h.post(viewSubmissionBody({
    callbackId: formIds.hold, userId: ana, privateMetadata: JSON.stringify({ i: ids[invoiceKey] }),
    values: { ...input(modalInputs.hold.until, stateValue.datepicker(until)), ...input(modalInputs.hold.reason, stateValue.plainText('Restructuring')) },
  }));
  expect(r.status).toBe(200);
  expect(r.text).toBe('');
}

/** What became of a change on an invoice: applied at once, or waiting for a finance approver (and why). */
async function outcome(invoiceKey: string) {
  const id = ids[invoiceKey]!;
  const [req] = await db.sql<{ status: string; limit_reason: string }[]>`SELECT status, limit_reason FROM change_requests WHERE invoice_id = ${id}::int8`;
  if (req) return `${req.status}: ${req.limit_reason}`;
  const [p] = await db.sql`SELECT 1 FROM promises_to_pay WHERE invoice_id = ${id}::int8`;
  const [hold] = await db.sql`SELECT 1 FROM reminder_holds WHERE invoice_id = ${id}::int8`;
  return p || hold ? 'applied' : 'nothing';
}

const portalToken = (customerKey: string) =>
  signPortalToken({ customerId: BigInt(ids[customerKey]!), keyVersion: 1, expiresAt: new Date('2026-06-01T00:00:00Z') }, secret);
async function latestOnPortal(customerKey: string) {
  const html = await (await fetch(`${base}/p/${portalToken(customerKey)}`)).text();
  return /id="promise-date" name="date" required min="[^"]*" max="([^"]*)"/.exec(html)?.[1];
}
async function portalPromise(customerKey: string, invoiceKey: string, date: string) {
  const t = portalToken(customerKey);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await (await fetch(`${base}/p/${t}`)).text())![1]!;
  const res = await fetch(`${base}/p/${t}/promise`, {
    method: 'POST', body: new URLSearchParams([['csrf', csrf], ['invoice', ids[invoiceKey]!], ['date', date]]).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: publicBaseUrl },
  });
  return { status: res.status, html: await res.text() };
}

const policyFile = { promise_max_days: 60, pause_max_days: 30, segments: { top: { promise_max_days: 15, pause_max_days: 7 } } };

describe('with no terms policy loaded: the environment decides, as before', () => {
  it('shows PROMISE_MAX_DAYS and PAUSE_MAX_DAYS as the source of every value, and who may extend from chatRights', async () => {
    const r = await cli('policy', 'terms');
    expect(r).toMatchObject({ code: 0, err: '' });
    const shown = JSON.parse(r.out);
    expect(shown.promise_max_days).toEqual({ days: 25, from: 'env: PROMISE_MAX_DAYS' });
    expect(shown.segments.top).toEqual({ promise_max_days: { days: 25, from: 'env: PROMISE_MAX_DAYS' }, pause_max_days: { days: 30, from: 'env: PAUSE_MAX_DAYS' } });
    expect(shown.who_may).toEqual({
      log_promise: ['sales_owner', 'delivery_owner', 'finance'], pause_reminders: ['sales_owner', 'delivery_owner', 'finance'], beyond_the_limit: ['finance_approver'],
    });
    expect(shown.policy_file).toBeNull();
  });

  it('a promise 20 days out on a top customer applies at once; 30 days out on a standard one waits for a finance approver', async () => {
    await promise('I-T1', '2026-04-09');
    await promise('I-S1', '2026-04-19');
    expect(await outcome('I-T1')).toBe('applied');
    expect(await outcome('I-S1')).toBe('pending: a promise 30 days away (more than 25)');
  });

  it('the portal offers every customer PROMISE_MAX_DAYS', async () => {
    expect(await latestOnPortal('T-1')).toBe('2026-04-14');
    expect(await latestOnPortal('S-1')).toBe('2026-04-14');
  });
});

describe('arbot policy terms load', () => {
  it.each([
    ['{\n  "promise_max_days": 60,\n  "segments": {\n    "top": {"promise_max_days": 0}\n  }\n}\n',
      'bad.json:4: segments.top.promise_max_days: a whole number of days from 1 to 3650\n'],
    ['{\n  "promise_max_days": 60,\n  "segments": {\n    "vip": {"promise_max_days": 15}\n  }\n}\n',
      'bad.json:4: segments: unknown segment "vip" (known: top, standard, at_risk)\n'],
    ['{\n  "promise_max_days": 60,\n  "segments": {\n    "top": {"promise_days": 15}\n  }\n}\n',
      'bad.json:4: segments.top: unknown field "promise_days" (known: promise_max_days, pause_max_days)\n'],
    ['{\n  "promise_max_days": 60,\n  "extend_max_days": 10\n}\n', 'bad.json:3: policy: unknown field "extend_max_days" (known: promise_max_days, pause_max_days, segments)\n'],
    ['{\n  "pause_max_days": "30"\n}\n', 'bad.json:2: pause_max_days: a whole number of days from 1 to 3650\n'],
    ['{\n  "promise_max_days": 60,\n}\n', /^bad\.json:3: not valid JSON \(/],
  ])('refuses %j with FILE:LINE and what to fix, exit 3, nothing stored', async (text, said) => {
    await writeFile(join(dir, 'bad.json'), text);
    const r = await cli('policy', 'terms', 'load', 'bad.json');
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    if (typeof said === 'string') expect(r.err).toBe(said);
    else expect(r.err).toMatch(said);
    expect(await db.sql`SELECT 1 FROM terms_policy`).toHaveLength(0);
    expect(await db.sql`SELECT 1 FROM audit_log WHERE action = 'terms_policy.loaded'`).toHaveLength(0);
  });

  it('refuses a missing file and a bad command line', async () => {
    expect(await cli('policy', 'terms', 'load', 'nope.json')).toMatchObject({ code: 3, err: 'nope.json: not a readable file (ENOENT)\n' });
    expect((await cli('policy', 'terms', 'load')).code).toBe(2);
    expect((await cli('policy', 'terms', 'show', 'x.json')).code).toBe(2);
  });

  it('loads a file, audited, and shows each value with where it comes from', async () => {
    await writeFile(join(dir, 'terms.json'), JSON.stringify({ ...policyFile, segments: { top: policyFile.segments.top, at_risk: { pause_max_days: 3 } } }, null, 2));
    const r = await cli('policy', 'terms', 'load', 'terms.json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.out);
    expect(shown.promise_max_days).toEqual({ days: 60, from: 'policy: promise_max_days' });
    expect(shown.segments).toEqual({
      top: { promise_max_days: { days: 15, from: 'policy: segments.top.promise_max_days' }, pause_max_days: { days: 7, from: 'policy: segments.top.pause_max_days' } },
      standard: { promise_max_days: { days: 60, from: 'policy: promise_max_days' }, pause_max_days: { days: 30, from: 'policy: pause_max_days' } },
      at_risk: { promise_max_days: { days: 60, from: 'policy: promise_max_days' }, pause_max_days: { days: 3, from: 'policy: segments.at_risk.pause_max_days' } },
    });
    expect(shown.policy_file).toEqual({ ...policyFile, segments: { top: policyFile.segments.top, at_risk: { pause_max_days: 3 } } });
    expect(JSON.parse((await cli('policy', 'terms', 'show')).out)).toEqual(shown);
    expect(await db.sql`SELECT 1 FROM audit_log WHERE action = 'terms_policy.loaded' AND actor = 'cli'`).toHaveLength(1);
  });

  it('a company-wide value left out falls back to the environment', async () => {
    await writeFile(join(dir, 'top-only.json'), JSON.stringify({ segments: { top: { promise_max_days: 15 } } }));
    const shown = JSON.parse((await cli('policy', 'terms', 'load', 'top-only.json')).out);
    expect(shown.promise_max_days).toEqual({ days: 25, from: 'env: PROMISE_MAX_DAYS' });
    expect(shown.segments.top.pause_max_days).toEqual({ days: 30, from: 'env: PAUSE_MAX_DAYS' });
    await writeFile(join(dir, 'terms.json'), JSON.stringify(policyFile));
    expect((await cli('policy', 'terms', 'load', 'terms.json')).code).toBe(0);
  });
});

describe('once loaded, at the next decision (no restart)', () => {
  it('a signed Slack promise 20 days out waits for a finance approver on a top customer, applies at once on a standard one', async () => {
    await promise('I-T2', '2026-04-09');
    await promise('I-S2', '2026-04-09');
    expect(await outcome('I-T2')).toBe('pending: a promise 20 days away (more than 15 for top customers)');
    expect(await outcome('I-S2')).toBe('applied');
  });

  it('a pause of 10 days waits on a top customer (7), applies on a standard one (30)', async () => {
    await pause('I-T3', '2026-03-30');
    await pause('I-S3', '2026-03-30');
    expect(await outcome('I-T3')).toBe('pending: a pause of 10 days (more than 7 for top customers)');
    expect(await outcome('I-S3')).toBe('applied');
  });

  it('the portal\'s latest promise date follows the customer\'s segment, on the page and on the promise', async () => {
    expect(await latestOnPortal('T-1')).toBe('2026-04-04');
    expect(await latestOnPortal('S-1')).toBe('2026-05-19');
    const refused = await portalPromise('T-1', 'I-T4', '2026-04-10');
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Nothing was recorded');
    expect(/id="promise-date" name="date" required min="[^"]*" max="([^"]*)"/.exec(refused.html)?.[1]).toBe('2026-04-04');
    expect(await outcome('I-T4')).toBe('nothing');
    expect((await portalPromise('S-1', 'I-S4', '2026-04-10')).status).toBe(201);
    expect(await outcome('I-S4')).toBe('applied');
  });
});
