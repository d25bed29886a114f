import { describe, expect, it } from 'vitest';
import { ceiStart, collectionEffectiveness } from '../../../src/domain/kpi/collection-effectiveness.js';
import { COUNTBACK_PERIODS, dsoCountback, walkCountback } from '../../../src/domain/kpi/countback-dso.js';
import { averageDaysDelinquent, bestPossibleDso, dso90d } from '../../../src/domain/kpi/dso.js';
import { parseKpiRequest } from '../../../src/domain/kpi/kpi-request.js';
import { roundRatio } from '../../../src/domain/kpi/ratio.js';
import { isDisputeOpenAt } from '../../support/kpi-oracle/disputed-receivables.js';
import { disputeSpan, isOpenAt, paidDate, remainingAt, settledDate, type KpiInvoice } from '../../support/kpi-oracle/kpi-ledger.js';
import { agingBucket } from '../../support/kpi-oracle/open-receivables.js';

const invoice = (over: Partial<KpiInvoice> = {}): KpiInvoice => ({
  currency: 'USD', issueDate: '2026-01-10', dueDate: '2026-02-09', amountMinor: 10000n,
  payments: [], creditNotes: [], disputes: [], ...over,
});

describe('remaining, open, settled and paid dates', () => {
  const inv = invoice({ payments: [{ on: '2026-02-01', minor: 4000n }, { on: '2026-03-01', minor: 6000n }], creditNotes: [{ on: '2026-02-15', minor: 1000n }] });
  it.each([
    ['2026-01-09', 10000n, false], ['2026-01-10', 10000n, true], ['2026-02-01', 6000n, true],
    ['2026-02-15', 5000n, true], ['2026-03-01', -1000n, false],
  ])('at %s the invoice has %s left (open: %s)', (date, left, open) => {
    expect(remainingAt(inv, date)).toBe(left);
    expect(isOpenAt(inv, date)).toBe(open);
  });

  it.each([
    ['paid in two parts', invoice({ payments: [{ on: '2026-02-03', minor: 6000n }, { on: '2026-02-09', minor: 4000n }] }), '2026-02-09', '2026-02-09'],
    ['settled by a credit note after a part payment', invoice({ payments: [{ on: '2026-02-03', minor: 6000n }], creditNotes: [{ on: '2026-02-05', minor: 4000n }] }), '2026-02-05', null],
    ['a payment and a credit note the same day', invoice({ payments: [{ on: '2026-02-05', minor: 6000n }], creditNotes: [{ on: '2026-02-05', minor: 4000n }] }), '2026-02-05', '2026-02-05'],
    ['overpaid', invoice({ payments: [{ on: '2026-02-07', minor: 12000n }] }), '2026-02-07', '2026-02-07'],
    ['paid before it was issued', invoice({ payments: [{ on: '2026-01-02', minor: 10000n }] }), '2026-01-02', '2026-01-02'],
    ['not settled', invoice({ payments: [{ on: '2026-02-07', minor: 9999n }] }), null, null],
  ])('%s: settled %s, paid %s', (_what, inv2, settled, paid) => {
    expect(settledDate(inv2)).toBe(settled);
    expect(paidDate(inv2)).toBe(paid);
  });
});

describe('aging buckets and disputes', () => {
  it.each([
    [-5, 'current'], [0, 'current'], [1, 'd1_30'], [30, 'd1_30'], [31, 'd31_60'], [60, 'd31_60'], [61, 'd61_90'],
    [90, 'd61_90'], [91, 'd91_plus'], [400, 'd91_plus'],
  ])('%i days past due is %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });

  it.each([
    ['2026-02-01', null, '2026-01-31', false], ['2026-02-01', null, '2026-02-01', true], ['2026-02-01', '2026-02-10', '2026-02-09', true],
    ['2026-02-01', '2026-02-10', '2026-02-10', false], ['2026-02-01', '2026-02-01', '2026-02-01', false],
  ])('a dispute opened %s, closed %s, is open on %s: %s', (openedOn, closedOn, date, open) => {
    expect(isDisputeOpenAt({ openedOn, closedOn }, date)).toBe(open);
  });

  it.each([
    ['2026-03-01T23:30:00Z', 'Asia/Tokyo', '2026-03-02'], ['2026-03-02T03:30:00Z', 'America/New_York', '2026-03-01'],
    ['2026-03-29T00:30:00Z', 'Europe/Paris', '2026-03-29'], ['2026-03-01T12:00:00Z', 'UTC', '2026-03-01'],
  ])('a dispute opened at %s in %s is dated %s', (at, zone, date) => {
    expect(disputeSpan(new Date(at), null, zone)).toEqual({ openedOn: date, closedOn: null });
  });
});

describe('DSO, CEI and countback', () => {
  const r2 = (r: Parameters<typeof roundRatio>[0]) => roundRatio(r, 2);
  it.each([
    [115000n, 45000n, 220000n, '47.05', '28.64', '18.41'],
    [0n, 0n, 220000n, '0.00', '0.00', '0.00'],
    [5000n, 5000n, 0n, null, null, null],
  ])('open %s, overdue %s, 90-day sales %s: dso %s, best %s, add %s', (open, overdue, sales, dso, best, add) => {
    expect(r2(dso90d(open, sales))).toBe(dso);
    expect(r2(bestPossibleDso(open, overdue, sales))).toBe(best);
    expect(r2(averageDaysDelinquent(overdue, sales))).toBe(add);
  });

  it.each([
    ['May 31', '2026-05-31', '2026-02-28'], ['Mar 31', '2026-03-31', '2025-12-31'], ['Apr 15', '2026-04-15', '2026-01-15'],
  ])('the CEI window of %s starts %s', (_label, asOf, start) => {
    expect(ceiStart(asOf)).toBe(start);
  });

  it.each([
    ['collections of 1300 out of 1750 collectable', { openArAtStart: 25000n, sales: 220000n, openAr: 115000n, overdueAmount: 45000n }, '74.29'],
    ['nothing open, nothing sold', { openArAtStart: 0n, sales: 0n, openAr: 0n, overdueAmount: 0n }, null],
    ['nothing collected', { openArAtStart: 500n, sales: 0n, openAr: 500n, overdueAmount: 500n }, '0.00'],
  ])('cei with %s is %s', (_what, inputs, cei) => {
    expect(r2(collectionEffectiveness(inputs))).toBe(cei);
  });

  const p = (sales: bigint, days: number) => ({ sales, days });
  it.each([
    ['a part of the current month', 50n, [p(100n, 15)], '7.50'],
    ['the current month and part of the previous', 150n, [p(100n, 15), p(100n, 28)], '29.00'],
    ['across a month without sales', 150n, [p(100n, 15), p(0n, 31), p(100n, 28)], '60.00'],
    ['exactly the current month: it stops there', 100n, [p(100n, 15), p(0n, 31), p(100n, 28)], '15.00'],
  ])('%s', (_what, open, periods, days) => {
    expect(r2(dsoCountback(open, periods, true))).toBe(days);
  });

  it('stops after 25 periods, is 0 without open AR and null without sales in 24 months', () => {
    const quiet = Array.from({ length: COUNTBACK_PERIODS + 3 }, () => p(0n, 30));
    expect(walkCountback(100n, quiet)).toEqual({ done: true, days: { num: 750n, den: 1n } });
    expect(walkCountback(100n, quiet.slice(0, 3))).toEqual({ done: false });
    expect(dsoCountback(0n, [], false)).toEqual({ num: 0n, den: 1n });
    expect(dsoCountback(100n, quiet, false)).toBeNull();
    expect(() => dsoCountback(100n, quiet.slice(0, 3), true)).toThrow(/more than the 3 periods/);
  });
});

describe('parseKpiRequest', () => {
  it.each([
    [{}, { asOf: undefined, currency: undefined, segment: undefined }],
    [{ as_of: '2028-02-29', currency: ' jpy ', segment: 'at_risk' }, { asOf: '2028-02-29', currency: 'JPY', segment: 'at_risk' }],
  ])('accepts %j', (input, request) => {
    expect(parseKpiRequest(input)).toEqual({ ok: true, request });
  });

  it.each([
    [{ as_of: '2027-02-29' }, 'as_of', 'expected a date YYYY-MM-DD, got "2027-02-29"'],
    [{ as_of: '2026-3-1' }, 'as_of', 'expected a date YYYY-MM-DD, got "2026-3-1"'],
    [{ currency: 'ABC' }, 'currency', 'expected an ISO 4217 currency code such as USD, got "ABC"'],
    [{ segment: 'Top' }, 'segment', 'expected one of top, standard, at_risk, got "Top"'],
  ])('refuses %j', (input, field, reason) => {
    expect(parseKpiRequest(input)).toEqual({ ok: false, field, reason });
  });
});
