import { describe, expect, it } from 'vitest';
import { buildDsoReport } from '../../../src/domain/reports/dso-report.js';
import { buildReminderReport, type TemplateStepFacts } from '../../../src/domain/reports/reminder-report.js';
import { reportSections } from '../../../src/domain/reports/report-table.js';
import { buildReviewReport } from '../../../src/domain/reports/account-review.js';
import { buildTeamReport } from '../../../src/domain/reports/team-report.js';
import type { CurrencyKpis } from '../../../src/domain/kpi/currency-kpis.js';

const period = { asOf: '2026-03-31', month: '2026-03' };
const step = (template: string, sent: number, invoices: number, paid: number): TemplateStepFacts => ({
  policy: 'standard', step: 'overdue', template, sent, delivered: sent, opened: 0, clicked: 0, bounced: 0, replied: 0,
  invoicesReminded: invoices, paidWithin7Days: paid,
});

describe('buildReminderReport', () => {
  it('compares every other template of a step with the one that sent the most', () => {
    const r = buildReminderReport(period, [step('firm', 100, 100, 30), step('overdue', 300, 300, 60), step('soft', 100, 100, 20)], { invoices: 0, reminders: 0 });
    expect(r.comparisons.map((c) => [c.control, c.variant])).toEqual([['overdue', 'firm'], ['overdue', 'soft']]);
    // firm 30/100 against overdue 60/300: pooled 90/400 = 0.225, se = √(0.225 · 0.775 · (1/100 + 1/300)) = √0.002325 = 0.048218,
    // z = (0.30 − 0.20) / 0.048218 = 2.0739, p = 0.0381.
    expect(r.comparisons[0]).toMatchObject({ control_share: 0.2, variant_share: 0.3, z: 2.0739, p_value: 0.0381 });
    expect(r.comparisons[1]).toMatchObject({ z: 0, p_value: 1 });
    expect(r.paid_invoices.reminders_per_paid_invoice).toBeNull();
  });

  it("takes the step's own template as the control even when its variant sent more emails", () => {
    const r = buildReminderReport(period, [{ ...step('overdue', 4, 4, 1), stepTemplate: true }, { ...step('overdue_soft', 6, 6, 3), stepTemplate: false }], { invoices: 0, reminders: 0 });
    expect(r.comparisons.map((c) => [c.control, c.variant])).toEqual([['overdue', 'overdue_soft']]);
    // 3/6 against 1/4: pooled 4/10 = 0.4, se = √(0.4 · 0.6 · (1/6 + 1/4)) = √0.1 = 0.316228, z = (0.5 − 0.25) / 0.316228 = 0.7906,
    // p = 2(1 − Φ(0.7906)) = 0.4292.
    expect(r.comparisons[0]).toMatchObject({ control_share: 0.25, variant_share: 0.5, z: 0.7906, p_value: 0.4292 });
  });

  it('breaks a tie in emails sent by template name, and compares nothing for a step with one template', () => {
    const r = buildReminderReport(period, [step('b', 10, 10, 5), step('a', 10, 10, 1), { ...step('x', 5, 5, 1), step: 'upcoming' }], { invoices: 3, reminders: 4 });
    expect(r.comparisons.map((c) => [c.step, c.control, c.variant])).toEqual([['overdue', 'a', 'b']]);
    expect(r.paid_invoices.reminders_per_paid_invoice).toBe(1.33);
  });
});

describe('buildReviewReport', () => {
  it('subtracts the previous month per figure and adds accounts up per currency only', () => {
    const m = (n: bigint) => ({ invoiced_minor: n, collected_minor: n, open_minor: n, overdue_minor: n });
    const accounts = [1n, 2n].map((id) => ({ customerId: id, externalId: `C${id}`, name: `C${id}`, segment: 'top', strategic: false,
      current: { opened: 1, open: 0 }, previous: { opened: 0, open: 2 } }));
    const r = buildReviewReport({ ...period, previousMonth: '2026-02' }, accounts, [
      { customerId: 1n, currency: 'USD', current: m(5n), previous: m(7n) },
      { customerId: 1n, currency: 'EUR', current: m(100n), previous: m(40n) },
      { customerId: 2n, currency: 'EUR', current: m(1n), previous: m(0n) },
    ]);
    expect(r.accounts[0]!.currencies.map((c) => [c.currency, c.change.open_minor])).toEqual([['EUR', 60n], ['USD', -2n]]);
    expect(r.accounts[0]!.disputes.change).toEqual({ opened: 1, open: -2 });
    expect(r.totals.map((t) => [t.currency, t.invoiced_minor, t.previous.invoiced_minor, t.change.invoiced_minor])).toEqual([['EUR', 101n, 40n, 61n], ['USD', 5n, 7n, -2n]]);
  });
});

describe('buildTeamReport', () => {
  it('lists every owner, with nothing to report as zeros and nulls, and a team from its own rows', () => {
    const r = buildTeamReport({ ...period, slaHours: 48 }, {
      owners: [{ id: 2n, email: 'b@x.example', name: 'B', team: 'sales' }, { id: 1n, email: 'a@x.example', name: 'A', team: 'sales' }],
      overdue: [], approvals: [],
      disputes: [{ kind: 'team', key: 'sales', claimed: 3, resolutionSeconds: [3600, 10800, 7200], slaBreaches: 1 }],
      promises: [{ kind: 'owner', key: '1', kept: 1, broken: 2 }],
    });
    expect(r.owners.map((o) => [o.email, o.promises_kept_share, o.disputes_claimed])).toEqual([['a@x.example', 0.3333, 0], ['b@x.example', null, 0]]);
    expect(r.teams).toEqual([expect.objectContaining({ team: 'sales', disputes_claimed: 3, disputes_resolved: 3, median_resolution_hours: 2, sla_breaches: 1, promises_kept_share: null })]);
  });
});

describe('buildDsoReport', () => {
  it('gives the move of DSO since the previous month end without float residue', () => {
    const k = (currency: string, dso: number | null) => ({ currency, dso_90d: dso, overdue_share_amount: 0.1, open_ar: '1.00', overdue_amount: '0.10',
      disputed_count: 0, disputed_amount: '0.00', avg_dispute_age_days: null }) as unknown as CurrencyKpis;
    const r = buildDsoReport('2026-03-31', '2026-02-28', [k('EUR', 41.25), k('USD', 10)], [k('EUR', 40.1)]);
    expect(r.currencies.map((c) => [c.currency, c.dso_90d_previous, c.dso_90d_change])).toEqual([['EUR', 40.1, 1.15], ['USD', null, null]]);
  });
});

describe('reportSections', () => {
  it('writes a CSV-ready main table with signed changes in the currency\'s units', () => {
    const m = (n: bigint) => ({ invoiced_minor: n, collected_minor: n, open_minor: n, overdue_minor: n });
    const review = buildReviewReport({ ...period, previousMonth: '2026-02' },
      [{ customerId: 1n, externalId: 'C1', name: 'Acme', segment: 'top', strategic: true, current: { opened: 0, open: 0 }, previous: { opened: 0, open: 0 } }],
      [{ customerId: 1n, currency: 'JPY', current: m(500n), previous: m(700n) }]);
    const [main] = reportSections(review);
    expect(main!.rows[0]).toEqual(['C1', 'Acme', 'JPY', '500', '-200', '500', '-200', '500', '-200', '500', '-200', '0', '0']);
    expect(main!.rows[1]).toEqual(['TOTAL', '', 'JPY', '500', '-200', '500', '-200', '500', '-200', '500', '-200', '', '']);
    expect(main!.rows.every((r) => r.length === main!.columns.length)).toBe(true);
  });
});
