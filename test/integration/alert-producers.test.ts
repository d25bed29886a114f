import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAlertProducers } from '../../adapters/postgres/alert-producers.js';
import { migrate } from '../../adapters/postgres/migrator.js';
import { alertPriority, type AlertKind } from '../../src/domain/alerts.js';
import { raiseAlerts } from '../../src/services/raise-alerts.js';
import { customer, importRows, invoice, owner } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

let db: TestDb;
const now = new Date('2026-03-20T10:00:00Z'); // Friday 20 March, 11:00 in Paris
const settings = { deliveryAfterDays: 10, incompleteHorizonDays: 14 };

beforeAll(async () => {
  db = await openTestDb();
  await migrate(db.sql);
  const complete = { po_number: 'PO-1', proof_url: 'https://files.acme.example/pod.pdf' };
  await importRows(db.sql, {
    owners: [owner, { email: 'dan@acme.example', name: 'Dan', team: 'delivery' }],
    customers: [customer('C-1', 'Europe/Paris', 'standard', { delivery_owner_email: 'dan@acme.example' })],
    invoices: [
      { ...invoice('late3', 'C-1', '2026-03-17', '100.00'), ...complete },
      { ...invoice('late15', 'C-1', '2026-03-05', '100.00'), ...complete },
      { ...invoice('future', 'C-1', '2026-04-30', '100.00'), ...complete },
      { ...invoice('paid', 'C-1', '2026-03-01', '100.00'), ...complete },
      invoice('nopo', 'C-1', '2026-03-25', '100.00'),
      { ...invoice('d-old', 'C-1', '2026-03-30', '100.00'), ...complete },
      { ...invoice('d-new', 'C-1', '2026-03-31', '100.00'), ...complete },
    ],
    payments: [
      { external_id: 'P1', customer_external_id: 'C-1', received_date: '2026-02-28', currency: 'EUR', amount: '100.00', invoice_number: 'INV-paid' },
      { external_id: 'P2', customer_external_id: 'C-1', received_date: '2026-03-02', currency: 'EUR', amount: '12.34', reference: 'unknown' },
    ],
  });
  await db.sql`INSERT INTO disputes (external_id, invoice_id, reason, opened_at)
    SELECT 'x-' || external_id, id, 'Wrong amount', CASE external_id WHEN 'd-old' THEN timestamptz '2026-03-18T09:00:00Z' ELSE timestamptz '2026-03-20T09:00:00Z' END
    FROM invoices WHERE external_id IN ('d-old', 'd-new')`;
});
afterAll(async () => {
  await db.close();
});

const alerts = () => db.sql<{ kind: string; invoice: string | null }[]>`
  SELECT a.kind, i.external_id AS invoice FROM alerts a LEFT JOIN invoices i ON i.id = a.invoice_id ORDER BY a.kind, i.external_id`;

describe('alert producers', () => {
  it('raises each fact the ledger calls for, once', async () => {
    const first = await raiseAlerts(postgresAlertProducers(db.sql), settings, now);
    expect(first).toEqual({ escalated: 1, disputes: 2, overdue: 2, delivery: 1, incomplete: 1, import_runs: 1, credit_notes_awaited: 0, credit_thresholds: 0, credit_overdue: 0 });
    expect(await alerts()).toEqual([
      { kind: 'delivery_blocker', invoice: 'late15' },
      { kind: 'dispute_opened', invoice: 'd-new' },
      { kind: 'dispute_opened', invoice: 'd-old' },
      { kind: 'dispute_sla_breached', invoice: 'd-old' },
      // The import that left P2 unmatched: one alert for the run, not one per payment.
      { kind: 'import_run_review', invoice: null },
      { kind: 'invoice_incomplete', invoice: 'nopo' },
      { kind: 'invoice_overdue', invoice: 'late15' },
      { kind: 'invoice_overdue', invoice: 'late3' },
    ]);
    const again = await raiseAlerts(postgresAlertProducers(db.sql), settings, now);
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
  });

  it('makes a dispute unresolved for 48 hours priority 1, once, with an audit row', async () => {
    const rows = await db.sql`SELECT external_id, priority, escalated_at IS NOT NULL AS escalated FROM disputes ORDER BY external_id`;
    expect(rows).toEqual([
      { external_id: 'x-d-new', priority: 2, escalated: false },
      { external_id: 'x-d-old', priority: 1, escalated: true },
    ]);
    const audit = await db.sql`SELECT action FROM audit_log WHERE action = 'dispute.escalated'`;
    expect(audit).toHaveLength(1);
    // The newer dispute crosses 48 hours two days later; the older is not escalated again.
    const later = await raiseAlerts(postgresAlertProducers(db.sql), settings, new Date('2026-03-22T09:00:00Z'));
    expect(later.escalated).toBe(1);
  });

  it('stores each alert with its kind\'s priority, which the outbox claims by', async () => {
    const rows = await db.sql<{ kind: AlertKind; priority: number }[]>`SELECT DISTINCT kind, priority FROM alerts`;
    expect(rows.map((r) => r.kind).sort()).toEqual(['delivery_blocker', 'dispute_opened', 'dispute_sla_breached', 'import_run_review', 'invoice_incomplete', 'invoice_overdue']);
    for (const r of rows) expect(r.priority, r.kind).toBe(alertPriority(r.kind));
  });

  it('names what an incomplete invoice is missing', async () => {
    const [a] = await db.sql`SELECT details FROM alerts WHERE kind = 'invoice_incomplete'`;
    expect(a!.details).toEqual({ missing: ['po_number', 'proof_of_delivery'] });
  });
});
