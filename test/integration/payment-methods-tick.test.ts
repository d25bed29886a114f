import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { parsePaymentMethodsFile } from '../../src/domain/payment-methods/payment-methods-file.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { cadenceConfig, importD3Ledger, importRows, owner, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The real cadence tick, as wired in production, sends "How to pay" with the details in force when it starts, and a
// pending change of them is not what customers read.

let db: TestDb;
let sendgrid: FakeSendGrid;
let deps: CadenceDeps;
const tick = new Date('2026-03-13T08:30:00Z'); // D+3 of invoices due 2026-03-10, Paris

const eur = (iban: string) => {
  const r = parsePaymentMethodsFile(JSON.stringify({ EUR: { account_name: 'Acme SAS', iban, bic: 'BNPAFRPP', methods: ['wire', 'card'], card_max_minor: 5000, phone_to_confirm: '+33 1 23 45 67 89' } }));
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.currencies;
};

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  deps = await cadenceDeps(cadenceConfig(sendgrid), db.sql, quietLog);
  await importRows(db.sql, { owners: [owner] });
  await importD3Ledger(db.sql, ['K1']);
  const store = postgresPaymentMethodsStore(db.sql);
  await store.load(eur('FR1420041010050500013M02606'), 'cli:ops', new Date('2026-03-01T00:00:00Z'));
  await store.load(eur('DE89370400440532013000'), 'cli:ops', new Date('2026-03-02T00:00:00Z')); // pending, never approved
});
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

describe('the cadence tick', () => {
  it('sends How to pay with the details in force, the reference, and no card link over the limit', async () => {
    const r = await runCadenceTick(deps, tick);
    expect(r.sent).toBe(1);
    const content = (sendgrid.requests.at(-1)!.body as { content: { type: string; value: string }[] }).content;
    const text = content.find((c) => c.type === 'text/plain')!.value;
    expect(text).toContain('How to pay (EUR)\nBy bank transfer:\n  Account name: Acme SAS\n  IBAN: FR14 2004 1010 0505 0001 3M02 606');
    expect(text).toContain('  Reference to write: INV-IK1');
    expect(text).not.toContain('DE89');
    expect(text).not.toContain('Pay online'); // €100.00 is over the €50.00 card limit
    expect(text).not.toContain('By card');
  });
});
