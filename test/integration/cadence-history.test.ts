import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { cadenceConfig, customer, importRows, invoice, owner, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// A customer's first email about an invoice is never an escalation or a final notice, whatever the calendar says:
// a ledger imported late must not tell customers "despite our earlier reminder" or copy their CFO.
let db: TestDb;
let sendgrid: FakeSendGrid;
let deps: CadenceDeps;
const monday = '2026-03-16'; // Paris

async function emails() {
  return db.sql<{ customer: string; step: string; template: string; cc: string[]; at: string }[]>`
    SELECT c.external_id AS customer, e.step_key AS step, e.template, e.cc_emails AS cc,
           to_char(e.scheduled_for AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD HH24:MI') AS at
    FROM reminder_emails e JOIN customers c ON c.id = e.customer_id ORDER BY c.external_id, e.id`;
}

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  deps = await cadenceDeps(cadenceConfig(sendgrid), db.sql, quietLog);
  const late = [5, 15, 25, 40];
  await importRows(db.sql, {
    owners: [owner],
    customers: late.map((d) => customer(`L${d}`, 'Europe/Paris')),
    invoices: late.map((d) => {
      const due = new Date(Date.parse(`${monday}T00:00:00Z`) - d * 86_400_000).toISOString().slice(0, 10);
      return invoice(`I${d}`, `L${d}`, due, '500.00');
    }),
  });
});
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

describe('cadence by history', () => {
  it('sends nothing at night or after business hours, catch-up included', async () => {
    expect((await runCadenceTick(deps, new Date('2026-03-15T23:53:00Z'))).planned).toHaveLength(0); // 00:53 Monday
    expect((await runCadenceTick(deps, new Date('2026-03-16T21:53:00Z'))).planned).toHaveLength(0); // 22:53 Monday
    expect(await emails()).toEqual([]);
  });

  it('starts invoices imported 5, 15, 25 and 40 days overdue with the first overdue reminder, without cc', async () => {
    const r = await runCadenceTick(deps, new Date('2026-03-16T09:30:00Z'));
    expect(r.sent).toBe(4);
    expect(await emails()).toEqual(['L15', 'L25', 'L40', 'L5'].map((c) => ({ customer: c, step: 'overdue', template: 'overdue', cc: [], at: `${monday} 09:00` })));
    const subjects = sendgrid.accepted().map((b) => JSON.stringify(b));
    for (const body of subjects) {
      expect(body).not.toMatch(/cfo@/); // nobody's escalation contact is copied
      expect(body).not.toMatch(/Despite our earlier reminder|several times/i);
    }
  });

  it('goes on one step at a time, the escalation (with cc) only after the minimum gap', async () => {
    // Tuesday to Friday: nothing; five business days after Monday is the next Monday.
    for (const day of ['17', '18', '19', '20']) {
      expect((await runCadenceTick(deps, new Date(`2026-03-${day}T09:30:00Z`))).sent).toBe(0);
    }
    await runCadenceTick(deps, new Date('2026-03-23T09:30:00Z'));
    const next = (await emails()).filter((e) => e.at.startsWith('2026-03-23'));
    // L5 was due 11 March: its escalation (D+10, 21 March, a Saturday) is due on the 23rd too.
    expect(next.map((e) => [e.customer, e.step, e.template, e.cc.length])).toEqual([
      ['L15', 'escalation', 'escalation', 1], ['L25', 'escalation', 'escalation', 1], ['L40', 'escalation', 'escalation', 1],
      ['L5', 'escalation', 'escalation', 1],
    ]);
    // The escalation states the one fact arbot holds: when it last wrote, in the customer's time zone and language.
    const escalations = sendgrid.accepted().map((b) => JSON.stringify(b)).filter((b) => /escalation/.test(b));
    expect(escalations).toHaveLength(4);
    for (const body of escalations) expect(body).toContain('We wrote to you about the invoice below on March 16, 2026, and it remains unpaid.'); // locale en
  });
});
