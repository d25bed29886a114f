import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { assignVariant } from '../../src/domain/cadence/variant-assignment.js';
import { runCadenceTick } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { capture } from '../support/csv-files.js';
import { cadenceConfig, importD3Ledger, importRows, owner, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

let db: TestDb;
let sendgrid: FakeSendGrid;
let dir: string;

// Customers V-… with one invoice each due Tuesday 10 March 2026 (D-7 already sent): the D+3 step is due on Friday
// 13 March at 09:00 Paris. The standard policy's D+3 step tries overdue_soft on half of its customers.
const d3Tick = new Date('2026-03-13T08:30:00Z');
const standardWithVariant = (variant: unknown) => ({
  name: 'standard', description: 'D+3 tone test',
  steps: [
    { key: 'upcoming', offset_days: -7, template: 'upcoming' },
    { key: 'overdue', offset_days: 3, template: 'overdue', variant },
    { key: 'escalation', offset_days: 10, template: 'escalation', cc_escalation: true },
    { key: 'final_notice', offset_days: 20, template: 'final_notice', cc_escalation: true },
  ],
});

/** The first customers V-1, V-2 … in each arm of the D+3 step at 50%: the assignment decides, the test follows it. */
function pickCustomers(variants: number, controls: number): { variant: string[]; control: string[] } {
  const out = { variant: [] as string[], control: [] as string[] };
  for (let i = 1; out.variant.length < variants || out.control.length < controls; i++) {
    const id = `V-${i}`;
    const arm = out[assignVariant('standard', 'overdue', id, 50)];
    if (arm.length < (arm === out.variant ? variants : controls)) arm.push(id);
  }
  return out;
}

const cli = async (...argv: string[]) => {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, {
    out, err, db, now: () => new Date('2026-03-31T12:00:00Z'),
    env: { ...process.env, DATABASE_URL: undefined, COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent', SENDGRID_API_KEY: sendgrid.apiKey, SENDGRID_API_URL: sendgrid.url, EMAIL_RATE_PER_SECOND: '0', EMAIL_FROM: 'ar@acme.example', LINK_SECRET: 'test-link-secret-0123456789abcdef0123456789' },
  });
  return { code, out: out.text(), err: err.text() };
};

async function policyFile(policy: unknown): Promise<string> {
  const file = join(dir, `policy-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(policy));
  return file;
}

const subjectOf = (b: { subject?: string; personalizations: { subject?: string }[] }) => b.personalizations[0]?.subject ?? b.subject ?? '';
const customerOf = (b: { personalizations: { to: { email: string }[] }[] }) =>
  b.personalizations[0]!.to[0]!.email.replace(/^ap@(.*)\.example$/, '$1').toUpperCase();

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  dir = await mkdtemp(join(tmpdir(), 'arbot-variants-'));
  await importRows(db.sql, { owners: [owner] });
});
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

describe('a cadence step with a variant template', () => {
  const { variant, control } = pickCustomers(5, 3);
  const everyone = [...variant, ...control];

  it('is refused at load when the share is out of range or the template is not there, storing nothing', async () => {
    const tooMuch = await cli('policy', 'load', await policyFile(standardWithVariant({ template: 'overdue_soft', share_percent: 100 })));
    expect(tooMuch.code).toBe(3);
    expect(tooMuch.err).toContain('standard.steps[1].variant.share_percent: at most 99');
    const unknown = await cli('policy', 'load', await policyFile(standardWithVariant({ template: 'overdue_sweet', share_percent: 50 })));
    expect(unknown.code).toBe(3);
    expect(unknown.err).toContain('standard.steps[1].variant.template: no email template "overdue_sweet" in every language (known: escalation, final_notice, overdue, overdue_soft, upcoming)');
    expect((await cli('policy', 'show', 'standard')).out).not.toContain('variant');
  });

  it('is stored by policy load and shown by policy show', async () => {
    const r = await cli('policy', 'load', await policyFile(standardWithVariant({ template: 'overdue_soft', share_percent: 50 })));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((await cli('policy', 'show', 'standard')).out).toMatch(/D\+3\s+overdue\s+template overdue\s+· variant overdue_soft for 50% of customers/);
    expect(await db.sql`SELECT variant_template, variant_share_percent FROM cadence_steps WHERE policy = 'standard' AND variant_template IS NOT NULL`)
      .toEqual([{ variant_template: 'overdue_soft', variant_share_percent: 50 }]);
    const [audit] = await db.sql<{ details: unknown }[]>`SELECT details FROM audit_log WHERE action = 'policy.saved' ORDER BY id DESC LIMIT 1`;
    expect(audit!.details).toEqual({ name: 'standard', steps: 4, variants: [{ step: 'overdue', template: 'overdue_soft', share_percent: 50 }] });
  });

  it('shows in the preview which template and arm each customer gets', async () => {
    expect(variant).toHaveLength(5);
    expect(control).toHaveLength(3);
    await importD3Ledger(db.sql, everyone);
    // One variant customer reads French: the variant exists in every language.
    await db.sql`UPDATE customers SET locale = 'fr' WHERE external_id = ${variant[0]!}`;
    const r = await cli('cadence', 'preview', '--as-of', '2026-03-13T09:30', '--json');
    const planned = JSON.parse(r.out).planned as { customerExternalId: string; template: string; arm: string }[];
    expect(Object.fromEntries(planned.map((p) => [p.customerExternalId, [p.template, p.arm]]))).toEqual({
      ...Object.fromEntries(variant.map((id) => [id, ['overdue_soft', 'variant']])),
      ...Object.fromEntries(control.map((id) => [id, ['overdue', 'control']])),
    });
    const text = (await cli('cadence', 'preview', '--as-of', '2026-03-13T09:30')).out;
    expect(text).toMatch(new RegExp(`${variant[1]}\\s.*standard/overdue\\s.*overdue_soft, variant`));
    expect(text).toMatch(new RegExp(`${control[0]}\\s.*standard/overdue\\s.*overdue, control`));
  });

  it('shows the variant template in a test batch', async () => {
    const r = await cli('cadence', 'test', '--to', 'qa@acme.example', '--as-of', '2026-03-13T09:30', '--json');
    expect(r.code).toBe(0);
    const emails = JSON.parse(r.out).emails as { customer_external_id: string; template: string; subject: string }[];
    expect(Object.fromEntries(emails.map((e) => [e.customer_external_id, e.template])))
      .toEqual(Object.fromEntries(everyone.map((id) => [id, variant.includes(id) ? 'overdue_soft' : 'overdue'])));
    sendgrid.reset();
  });

  it('sends each customer the template its assignment says, and records that template on the email', async () => {
    const deps = await cadenceDeps(cadenceConfig(sendgrid), db.sql, quietLog);
    const report = await runCadenceTick(deps, d3Tick);
    expect(report.sent).toBe(8);
    const rows = await db.sql<{ customer: string; template: string }[]>`
      SELECT c.external_id AS customer, e.template FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
      WHERE e.step_key = 'overdue' AND e.status = 'sent'`;
    expect(Object.fromEntries(rows.map((x) => [x.customer, x.template])))
      .toEqual(Object.fromEntries(everyone.map((id) => [id, assignVariant('standard', 'overdue', id, 50) === 'variant' ? 'overdue_soft' : 'overdue'])));
    const subjects = Object.fromEntries(sendgrid.accepted().map((b) => [customerOf(b), subjectOf(b)]));
    expect(subjects[variant[0]!]).toBe(`Un petit mot au sujet de la facture INV-I${variant[0]}`);
    expect(subjects[variant[1]!]).toBe(`A quick note about invoice INV-I${variant[1]}`);
    expect(subjects[control[0]!]).toBe(`Payment reminder: invoice INV-I${control[0]} is overdue`);
  });

  it('is compared with the control in the reminders report: counts, shares, z and p-value', async () => {
    // Paid within 7 days of the 13 March email: 3 of the 5 variant invoices, 1 of the 3 control ones; one more
    // control invoice is paid on 23 March, too late to count.
    const pay = (id: string, day: string) => ({
      external_id: `P-${id}`, customer_external_id: id, received_date: day, currency: 'EUR', amount: '100.00', invoice_number: `INV-I${id}`,
    });
    await importRows(db.sql, {
      payments: [pay(variant[0]!, '2026-03-16'), pay(variant[1]!, '2026-03-18'), pay(variant[2]!, '2026-03-20'),
        pay(control[0]!, '2026-03-17'), pay(control[1]!, '2026-03-23')],
    });
    const r = await cli('report', 'reminders', '--as-of', '2026-03-31', '--month', '2026-03', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    const overdue = report.steps.filter((s: { step: string }) => s.step === 'overdue');
    expect(overdue).toEqual(expect.arrayContaining([
      expect.objectContaining({ policy: 'standard', template: 'overdue', sent: 3, invoices_reminded: 3, paid_within_7_days: 1, paid_within_7_days_share: 0.3333 }),
      expect.objectContaining({ policy: 'standard', template: 'overdue_soft', sent: 5, invoices_reminded: 5, paid_within_7_days: 3, paid_within_7_days_share: 0.6 }),
    ]));
    expect(overdue).toHaveLength(2);
    // By hand: variant 3/5 = 0.6 against control 1/3; pooled 4/8 = 0.5; se = √(0.5 · 0.5 · (1/5 + 1/3)) = √0.133333
    // = 0.365148; z = (0.6 − 0.333333) / 0.365148 = 0.7303; p = erfc(0.7303 / √2) = 0.4652. The control is the step's
    // own template though the variant sent more emails.
    expect(report.comparisons).toEqual([{
      policy: 'standard', step: 'overdue', control: 'overdue', variant: 'overdue_soft', metric: 'paid_within_7_days',
      control_share: 0.3333, variant_share: 0.6, z: 0.7303, p_value: 0.4652,
    }]);
    const table = await cli('report', 'reminders', '--as-of', '2026-03-31', '--month', '2026-03', '--format', 'csv');
    expect(table.out).toContain('standard,overdue,overdue_soft,5,');
    expect(table.out).toMatch(/standard,overdue,overdue_soft,.*,0\.6,overdue,0\.7303,0\.4652/);
  });

  it('stops the start, naming the policy, when a stored variant names a template that is not there', async () => {
    await db.sql`UPDATE cadence_steps SET variant_template = 'overdue_gone' WHERE policy = 'standard' AND key = 'overdue'`;
    await expect(cadenceDeps(cadenceConfig(sendgrid), db.sql, quietLog)).rejects.toThrow(
      /cadence policy standard\.steps\[1\]\.variant\.template: no email template "overdue_gone" in every language/,
    );
    const tick = await cli('cadence', 'run', '--as-of', '2026-03-24T09:30');
    expect(tick.code).not.toBe(0);
    expect(tick.err).toContain('no email template "overdue_gone"');
    await db.sql`UPDATE cadence_steps SET variant_template = 'overdue_soft' WHERE policy = 'standard' AND key = 'overdue'`;
  });

  it('refuses a half-written or self-naming variant in the database itself', async () => {
    await expect(db.sql`UPDATE cadence_steps SET variant_share_percent = NULL WHERE policy = 'standard' AND key = 'overdue'`)
      .rejects.toThrow(/cadence_steps_variant_pair/);
    await expect(db.sql`UPDATE cadence_steps SET variant_template = 'overdue' WHERE policy = 'standard' AND key = 'overdue'`)
      .rejects.toThrow(/cadence_steps_variant_differs/);
    await expect(db.sql`UPDATE cadence_steps SET variant_share_percent = 100 WHERE policy = 'standard' AND key = 'overdue'`)
      .rejects.toThrow(/check/i);
  });
});
