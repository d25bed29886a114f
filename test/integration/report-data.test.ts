import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { postgresReportStore } from '../../adapters/postgres/report-store.js';
import { slaBreachedWithin } from '../../src/domain/reports/sla-breach.js';
import { computeKpis } from '../../src/services/compute-kpis.js';
import { buildReport, type ReportDeps } from '../../src/services/reports.js';
import { seedReportLedger } from '../support/report-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Every figure below is worked out by hand from the ledger described in test/support/report-ledger.ts.
const zone = 'Europe/Paris';
const march = { asOf: '2026-03-31', month: '2026-03' };
let db: TestDb;
let deps: ReportDeps;

beforeAll(async () => {
  db = await openTestDb();
  await seedReportLedger(db.sql);
  deps = { store: postgresReportStore(db.sql, zone), kpis: postgresKpiStore(db.sql, zone), zone };
});
afterAll(async () => {
  await db?.close();
});

const money = (invoiced: bigint, collected: bigint, open: bigint, overdue: bigint) =>
  ({ invoiced_minor: invoiced, collected_minor: collected, open_minor: open, overdue_minor: overdue });

describe('the monthly top-account review', () => {
  it('gives invoiced, collected, open, overdue and disputes per top or strategic account, against February', async () => {
    const r = await buildReport(deps, 'review', march);
    expect(r).toEqual({
      report: 'review', as_of: '2026-03-31', month: '2026-03', previous_month: '2026-02',
      accounts: [
        {
          // STR1 (strategic). March: S1 credited 100.00 on 03-02 and paid 700.00 on 03-25 → nothing open.
          // February: S1 issued 800.00, due 02-15 → open and overdue 800.00 at 02-28.
          external_id: 'STR1', name: 'Customer STR1', segment: 'standard', strategic: true,
          // DS4 opened 03-10 and closed 03-11; nothing in February.
          disputes: { opened: 1, open: 0, previous: { opened: 0, open: 0 }, change: { opened: 1, open: 0 } },
          currencies: [{
            currency: 'EUR', ...money(0n, 70000n, 0n, 0n), previous: money(80000n, 0n, 80000n, 80000n),
            change: money(-80000n, 70000n, -80000n, -80000n),
          }],
        },
        {
          external_id: 'TOP1', name: 'Customer TOP1', segment: 'top', strategic: false,
          // March: opened DS2 (03-16), DS3 (03-30); open at 03-31 end: DS3, DS6. February: opened DS1 (02-27), DS6 (02-05);
          // open at 02-28 end: DS1 (closed 03-02), DS6.
          disputes: { opened: 2, open: 2, previous: { opened: 2, open: 2 }, change: { opened: 0, open: 0 } },
          currencies: [
            {
              // March: invoiced T2 500.00; collected P1 400.00; open T1 1000.00 − 400.00 = 600.00 + T2 500.00 = 1100.00;
              // overdue T1 600.00 (due 03-10). February: invoiced T1 1000.00; collected P2 200.00; open T1 1000.00
              // (T3 paid 02-20); overdue 0 (T1 due 03-10).
              currency: 'EUR', ...money(50000n, 40000n, 110000n, 60000n), previous: money(100000n, 20000n, 100000n, 0n),
              change: money(-50000n, 20000n, 10000n, 60000n),
            },
            {
              // T4 300.00 USD issued 03-01, due 03-20, unpaid.
              currency: 'USD', ...money(30000n, 0n, 30000n, 30000n), previous: money(0n, 0n, 0n, 0n),
              change: money(30000n, 0n, 30000n, 30000n),
            },
          ],
        },
      ],
      totals: [
        // EUR: invoiced 0 + 500.00; collected 700.00 + 400.00; open 0 + 1100.00; overdue 0 + 600.00.
        // February: invoiced 800.00 + 1000.00; collected 0 + 200.00; open 800.00 + 1000.00; overdue 800.00 + 0.
        { currency: 'EUR', ...money(50000n, 110000n, 110000n, 60000n), previous: money(180000n, 20000n, 180000n, 80000n),
          change: money(-130000n, 90000n, -70000n, -20000n) },
        { currency: 'USD', ...money(30000n, 0n, 30000n, 30000n), previous: money(0n, 0n, 0n, 0n), change: money(30000n, 0n, 30000n, 30000n) },
      ],
    });
  });
});

describe('the team report', () => {
  it('gives each owner and each team their overdue, dispute work, promises and approvals', async () => {
    const r = await buildReport(deps, 'team', march);
    const none = { overdue: [], disputes_claimed: 0, disputes_resolved: 0, median_resolution_hours: null, sla_breaches: 0 };
    expect(r).toEqual({
      report: 'team', as_of: '2026-03-31', month: '2026-03', sla_hours: 48,
      owners: [
        {
          // Dee is TOP1's delivery owner: T1 600.00 EUR and T4 300.00 USD overdue at 03-31. DS2: 24 h.
          // Promises on TOP1 in March: PR1 kept, PR2 broken → 1/2. Approvals go to sales owners: none.
          email: 'dee@acme.example', name: 'Dee', team: 'delivery',
          overdue: [{ currency: 'EUR', amount_minor: 60000n, invoices: 1 }, { currency: 'USD', amount_minor: 30000n, invoices: 1 }],
          disputes_claimed: 1, disputes_resolved: 1, median_resolution_hours: 24, sla_breaches: 0,
          promises_kept: 1, promises_broken: 1, promises_kept_share: 0.5, approvals_pending: 0, oldest_approval_hours: null,
        },
        {
          // Ana owns TOP1 (sales), STR1 (delivery) and STD1 (sales): overdue T1 600.00 + D1 250.00 EUR, T4 300.00 USD.
          // Disputes held in March: DS1 (open until 03-02) and DS3 → 2; resolved DS1 in 72 h; DS1's deadline
          // 03-01 10:00Z fell in March before it closed → 1 breach (DS3's deadline is 04-01).
          // Promises: PR1 kept, PR2 broken (TOP1), PR3 kept (STR1) → 2/3 = 0.6667.
          // Approvals at the end of 03-31 (22:00Z): A1 (since 03-30 08:00Z, 38 h) and A2 (14 h).
          email: 'ana@acme.example', name: 'Ana', team: 'sales',
          overdue: [{ currency: 'EUR', amount_minor: 85000n, invoices: 2 }, { currency: 'USD', amount_minor: 30000n, invoices: 1 }],
          disputes_claimed: 2, disputes_resolved: 1, median_resolution_hours: 72, sla_breaches: 1,
          promises_kept: 2, promises_broken: 1, promises_kept_share: 0.6667, approvals_pending: 2, oldest_approval_hours: 38,
        },
        {
          // Bob owns STR1 (sales): nothing overdue. Disputes: DS4 (36 h) and DS6 (open since 02-05; its breach was in
          // February). Promises: PR3 kept → 1/1. Approvals: A3, approved only on 04-02: waiting since 03-20 08:00Z,
          // 11 days 14 h = 278 h at 03-31 22:00Z (A4 was refused on 03-11).
          ...none, email: 'bob@acme.example', name: 'Bob', team: 'sales',
          disputes_claimed: 2, disputes_resolved: 1, median_resolution_hours: 36,
          promises_kept: 1, promises_broken: 0, promises_kept_share: 1, approvals_pending: 1, oldest_approval_hours: 278,
        },
      ],
      teams: [
        {
          team: 'delivery', overdue: [{ currency: 'EUR', amount_minor: 60000n, invoices: 1 }, { currency: 'USD', amount_minor: 30000n, invoices: 1 }],
          disputes_claimed: 1, disputes_resolved: 1, median_resolution_hours: 24, sla_breaches: 0,
          promises_kept: 1, promises_broken: 1, promises_kept_share: 0.5, approvals_pending: 0, oldest_approval_hours: null,
        },
        {
          // Sales owns TOP1, STR1 and STD1 once each, although Ana and Bob both own STR1: promises 2 kept (PR1, PR3),
          // 1 broken (PR2) → 0.6667, not Ana's 2/3 plus Bob's 1/1. Disputes: DS1, DS3, DS4, DS6 → 4; resolved 72 h
          // and 36 h → median 54 h. Approvals: A1, A2, A3, oldest 278 h.
          team: 'sales', overdue: [{ currency: 'EUR', amount_minor: 85000n, invoices: 2 }, { currency: 'USD', amount_minor: 30000n, invoices: 1 }],
          disputes_claimed: 4, disputes_resolved: 2, median_resolution_hours: 54, sla_breaches: 1,
          promises_kept: 2, promises_broken: 1, promises_kept_share: 0.6667, approvals_pending: 3, oldest_approval_hours: 278,
        },
      ],
    });
  });

  it('counts SLA breaches in SQL exactly as slaBreachedWithin does', async () => {
    const rows = await db.sql<{ owner: string; opened_at: Date; closed_at: Date | null }[]>`
      SELECT o.email AS owner, d.opened_at, d.closed_at FROM disputes d JOIN owners o ON o.id = d.owner_id`;
    for (const month of ['2026-02', '2026-03']) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const from = new Date(Date.UTC(y, m - 1, 1) - 3600_000);
      const until = new Date(Date.UTC(y, m, 1) - (m === 3 ? 7200_000 : 3600_000));
      const r = await buildReport(deps, 'team', { asOf: m === 2 ? '2026-02-28' : '2026-03-31', month });
      if (r.report !== 'team') throw new Error('not the team report');
      for (const o of r.owners) {
        const expected = rows.filter((d) => d.owner === o.email && slaBreachedWithin({ openedAt: d.opened_at, closedAt: d.closed_at }, from, until)).length;
        expect([month, o.email, o.sla_breaches]).toEqual([month, o.email, expected]);
      }
    }
  });
});

describe('the disputes report', () => {
  it('gives reasons by count, amount and median resolution time, and their trend', async () => {
    const r = await buildReport(deps, 'disputes', march);
    const months = ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
    const at = (month: string, n: number) => months.map((m) => (m === month ? n : 0));
    expect(r).toEqual({
      report: 'disputes', as_of: '2026-03-31', month: '2026-03',
      reasons: [
        // Opened in March: DS3 ('price ' trimmed) on T4 300.00 USD, DS4 on S1 800.00 EUR. Resolved in March: DS1 72 h,
        // DS4 36 h → median 54 h.
        { reason: 'price', opened: 2, amounts: [{ currency: 'EUR', amount_minor: 80000n }, { currency: 'USD', amount_minor: 30000n }], resolved: 2, median_resolution_hours: 54 },
        // DS2 on T2 500.00 EUR, resolved in 24 h.
        { reason: 'delivery not received', opened: 1, amounts: [{ currency: 'EUR', amount_minor: 50000n }], resolved: 1, median_resolution_hours: 24 },
      ],
      trend: {
        months,
        reasons: [
          // price: DS1, DS6 in February; DS3, DS4 in March (4 in all). DS5 'missing PO' in January.
          { reason: 'price', opened: months.map((m) => (m === '2026-02' || m === '2026-03' ? 2 : 0)) },
          { reason: 'delivery not received', opened: at('2026-03', 1) },
          { reason: 'missing PO', opened: at('2026-01', 1) },
        ],
      },
    });
  });
});

describe('the reminders report', () => {
  it('gives each step and template its outcomes, reminders per paid invoice, and compares variants', async () => {
    const r = await buildReport(deps, 'reminders', march);
    expect(r).toEqual({
      report: 'reminders', as_of: '2026-03-31', month: '2026-03',
      steps: [
        // Ordered by first email: E3 (03-05), E1 (03-13 08:00), E4 (03-13 09:00); E5 was sent in February.
        // E3: delivered; its auto-reply and its reply matched by sender alone are not replies to it. D1 unpaid.
        { policy: 'standard', step: 'overdue', template: 'overdue_firm', sent: 1, delivered: 1, opened: 0, clicked: 0, bounced: 0, replied: 0,
          invoices_reminded: 1, paid_within_7_days: 0, paid_within_7_days_share: 0 },
        // E1 (T1, still owing) and E2 (S1, paid 03-25 = 03-18 + 7): 1 of 2 paid; E2 has a human reply by token.
        { policy: 'standard', step: 'overdue', template: 'overdue', sent: 2, delivered: 2, opened: 2, clicked: 1, bounced: 0, replied: 1,
          invoices_reminded: 2, paid_within_7_days: 1, paid_within_7_days_share: 0.5 },
        { policy: 'standard', step: 'upcoming', template: 'upcoming', sent: 1, delivered: 0, opened: 0, clicked: 0, bounced: 0, replied: 0,
          invoices_reminded: 1, paid_within_7_days: 0, paid_within_7_days_share: 0 },
      ],
      // Paid in March: S1 (03-25; reminded by E5 on 02-20 and E2 on 03-18) and D2 (03-10, never reminded): 2 / 2.
      paid_invoices: { invoices: 2, reminders: 2, reminders_per_paid_invoice: 1 },
      comparisons: [
        // overdue_firm 0/1 against overdue 1/2: pooled 1/3, se = √(1/3 · 2/3 · (1 + 1/2)) = √(1/3) = 0.57735,
        // z = (0 − 0.5) / 0.57735 = −0.8660; p = erfc(0.8660 / √2) = 0.38648.
        { policy: 'standard', step: 'overdue', control: 'overdue', variant: 'overdue_firm', metric: 'paid_within_7_days',
          control_share: 0.5, variant_share: 0, z: -0.866, p_value: 0.3865 },
      ],
    });
  });
});

describe('the DSO summary', () => {
  it('takes its figures from the KPI computation at as_of and at the previous month end', async () => {
    const r = await buildReport(deps, 'dso', march);
    const kpiDeps = { store: deps.kpis, zone, now: () => new Date(0) };
    const [now, before] = [await computeKpis(kpiDeps, { asOf: '2026-03-31' }), await computeKpis(kpiDeps, { asOf: '2026-02-28' })];
    if (r.report !== 'dso') throw new Error('not the dso report');
    expect(r.previous_as_of).toBe('2026-02-28');
    expect(r.currencies.map((c) => c.currency)).toEqual(['EUR', 'USD']);
    // Open at 03-31: T1 600.00 + T2 500.00 + D1 250.00 EUR, of which overdue T1 and D1; T4 300.00 USD overdue.
    expect(r.currencies.map((c) => [c.open_ar, c.overdue_amount])).toEqual([['1350.00', '850.00'], ['300.00', '300.00']]);
    for (const c of r.currencies) {
      const k = now.currencies.find((x) => x.currency === c.currency)!;
      const b = before.currencies.find((x) => x.currency === c.currency);
      expect(c).toMatchObject({ dso_90d: k.dso_90d, dso_90d_previous: b?.dso_90d ?? null, overdue_share_amount: k.overdue_share_amount,
        disputed_amount: k.disputed_amount, avg_dispute_age_days: k.avg_dispute_age_days });
    }
    const eur = r.currencies[0]!;
    expect(eur.dso_90d_change).toBe(Math.round((eur.dso_90d! - eur.dso_90d_previous!) * 100) / 100);
    // USD had no invoice before March: no DSO at 02-28, so no change.
    expect(r.currencies[1]!.dso_90d_change).toBeNull();
  });
});
