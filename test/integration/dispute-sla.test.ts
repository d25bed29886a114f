import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateDisputes } from '../../adapters/postgres/alert-producers.js';
import { disputeSlaHours, isSlaBreached } from '../../src/domain/disputes/dispute-sla.js';
import { customer, importRows, invoice, owner } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The 48-hour dispute SLA has a domain home (isSlaBreached) and a twin in SQL for speed (escalateDisputes, one
// statement for every dispute). This holds the two equal on the boundaries: a dispute the domain calls breached
// is escalated by the SQL, and no other.

const now = new Date('2026-03-20T10:00:00.000Z');
const hour = 3600_000;
const ago = (ms: number) => new Date(now.getTime() - ms);
const sla = disputeSlaHours * hour;

interface Case {
  readonly key: string;
  readonly openedAt: Date;
  readonly status?: 'to_clarify' | 'awaiting_client' | 'resolved' | 'credit_note_issued';
  readonly closedAt?: Date;
  readonly escalatedAt?: Date;
  readonly priority?: 1 | 2 | 3;
}

const cases: readonly Case[] = [
  { key: '47h59', openedAt: ago(sla - 60_000) },
  { key: '48h-1ms', openedAt: ago(sla - 1) },
  { key: '48h', openedAt: ago(sla) },
  { key: '48h01', openedAt: ago(sla + 60_000) },
  { key: '48h-awaiting-client', openedAt: ago(sla), status: 'awaiting_client' },
  { key: 'opened-later', openedAt: new Date(now.getTime() + hour) },
  { key: 'closed-before-48h', openedAt: ago(sla + hour), status: 'resolved', closedAt: ago(2 * hour) },
  { key: 'closed-after-now', openedAt: ago(sla + hour), status: 'credit_note_issued', closedAt: new Date(now.getTime() + hour) },
  { key: 'already-escalated', openedAt: ago(3 * sla), escalatedAt: ago(sla), priority: 1 },
  // Priority alone says nothing: escalation is what escalated_at records.
  { key: 'priority-1-not-escalated', openedAt: ago(sla), priority: 1 },
  { key: 'priority-3-young', openedAt: ago(hour), priority: 3 },
];

let db: TestDb;

beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, {
    owners: [owner],
    customers: [customer('C-1', 'Europe/Paris')],
    invoices: [invoice('I-1', 'C-1', '2026-03-31', '100.00')],
  });
  for (const c of cases) {
    await db.sql`
      INSERT INTO disputes (external_id, invoice_id, reason, status, priority, opened_at, closed_at, escalated_at)
      SELECT ${c.key}, id, 'Wrong amount', ${c.status ?? 'to_clarify'}, ${c.priority ?? 2}, ${c.openedAt}, ${c.closedAt ?? null},
             ${c.escalatedAt ?? null}
      FROM invoices WHERE external_id = 'I-1'`;
  }
});
afterAll(async () => {
  await db.close();
});

/** The disputes as stored, and those the domain says breach the SLA at `at`. */
async function domainBreached(at: Date): Promise<string[]> {
  const rows = await db.sql<{ external_id: string; opened_at: Date; closed_at: Date | null; escalated_at: Date | null }[]>`
    SELECT external_id, opened_at, closed_at, escalated_at FROM disputes`;
  return rows
    .filter((r) => isSlaBreached({ openedAt: r.opened_at, closedAt: r.closed_at, escalatedAt: r.escalated_at }, at))
    .map((r) => r.external_id).sort();
}

const escalatedAt = async (at: Date) => (await db.sql<{ external_id: string }[]>`
  SELECT external_id FROM disputes WHERE escalated_at = ${at} ORDER BY external_id`).map((r) => r.external_id);

describe('the dispute SLA in SQL and in the domain', () => {
  it('escalates exactly the disputes isSlaBreached names, at 48 h and not a millisecond before', async () => {
    const expected = await domainBreached(now);
    expect(expected).toEqual(['48h', '48h-awaiting-client', '48h01', 'priority-1-not-escalated']);
    expect(await escalateDisputes(db.sql, now, disputeSlaHours)).toBe(expected.length);
    expect(await escalatedAt(now)).toEqual(expected);
  });

  it('agrees a millisecond later and a day later, escalating each dispute once', async () => {
    const later = [
      { at: new Date(now.getTime() + 1), crossed: ['48h-1ms'] },
      { at: new Date(now.getTime() + 24 * hour), crossed: ['47h59'] },
    ];
    for (const { at, crossed } of later) {
      const expected = await domainBreached(at);
      expect(expected).toEqual(crossed);
      expect(await escalateDisputes(db.sql, at, disputeSlaHours)).toBe(expected.length);
      expect(await escalatedAt(at)).toEqual(expected);
      expect(await domainBreached(at)).toEqual([]);
    }
  });
});
