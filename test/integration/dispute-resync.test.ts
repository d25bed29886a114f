import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresChatActionStore } from '../../adapters/postgres/chat-actions.js';
import { postgresImportStore } from '../../adapters/postgres/ledger-import-store.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';
import { claimDispute, setDisputeStatus } from '../../src/services/chat-actions/dispute-actions.js';
import { importLedger } from '../../src/services/import-ledger.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// A nightly ERP sync sends the same disputes again and again: it must never undo what people decided in chat.
let db: TestDb;
let dan: Actor;

async function importDisputes(rows: Record<string, string>[]) {
  const report = await importLedger(postgresImportStore(db.sql), [{
    kind: 'disputes', name: 'disputes.csv',
    items: (async function* () {
      let pos = 1;
      for (const cells of rows) yield { pos: ++pos, cells };
    })(),
  }], { actor: 'test', via: 'csv', defaultTimezone: 'Europe/Paris', today: { date: '2026-12-31', zone: 'Europe/Paris' } });
  return report.sources[0]!;
}

async function dispute(externalId: string) {
  const [d] = await db.sql<{ id: bigint; status: string; closed: string | null; reason: string }[]>`
    SELECT id, status, to_char(closed_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS closed, reason
    FROM disputes WHERE external_id = ${externalId}`;
  return d!;
}

const row = (over: Record<string, string> = {}) => ({
  invoice_external_id: 'I-1', opened_date: '2026-03-01', reason: 'Missing PO', status: 'to_clarify', closed_date: '', ...over,
});

beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales' }, { email: 'dan@acme.example', name: 'Dan', team: 'finance', approver: 'true' }],
    customers: [customer('C-1', 'Europe/Paris')],
    invoices: [invoice('I-1', 'C-1', '2026-02-20', '1200.00'), invoice('I-2', 'C-1', '2026-02-20', '50.00')],
  });
  const [o] = await db.sql<{ id: bigint }[]>`SELECT id FROM owners WHERE email = 'dan@acme.example'`;
  dan = { ownerId: o!.id, email: 'dan@acme.example', name: 'Dan', team: 'finance', approver: true, platformId: 'slack:U-DAN' };
});
afterAll(async () => {
  await db.close();
});

describe('re-importing disputes keeps what people decided', () => {
  it('an identical re-import does not reopen a dispute resolved in chat', async () => {
    expect(await importDisputes([row()])).toMatchObject({ inserted: 1 });
    const d = await dispute('I-1@2026-03-01');
    const store = postgresChatActionStore(db.sql);
    expect(await claimDispute(store, dan, d.id)).toMatchObject({ ok: true });
    expect(await setDisputeStatus(store, dan, d.id, 'resolved')).toMatchObject({ ok: true });

    const again = await importDisputes([row()]);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(await dispute('I-1@2026-03-01')).toMatchObject({ status: 'resolved' });
  });

  it('a field the ERP did not change keeps its chat value while a changed one is applied', async () => {
    const r = await importDisputes([row({ reason: 'Missing PO 4711' })]);
    expect(r).toMatchObject({ updated: 1 });
    expect(await dispute('I-1@2026-03-01')).toMatchObject({ status: 'resolved', reason: 'Missing PO 4711' });
  });

  it('a status the ERP itself changed since its last import is applied, with its date', async () => {
    await importDisputes([row({ reason: 'Missing PO 4711', status: 'credit_note_issued', closed_date: '2026-03-05' })]);
    expect(await dispute('I-1@2026-03-01')).toMatchObject({ status: 'credit_note_issued', closed: '2026-03-05' });
    // …and the same file once more changes nothing.
    expect(await importDisputes([row({ reason: 'Missing PO 4711', status: 'credit_note_issued', closed_date: '2026-03-05' })]))
      .toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('a dispute reopened in chat stays open when the ERP sends its old closed row again', async () => {
    const d = await dispute('I-1@2026-03-01');
    expect(await setDisputeStatus(postgresChatActionStore(db.sql), dan, d.id, 'awaiting_client')).toMatchObject({ ok: true });
    await importDisputes([row({ reason: 'Missing PO 4711', status: 'credit_note_issued', closed_date: '2026-03-05' })]);
    expect(await dispute('I-1@2026-03-01')).toMatchObject({ status: 'awaiting_client', closed: null });
  });
});
