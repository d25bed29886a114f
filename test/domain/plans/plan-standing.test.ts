import { describe, expect, it } from 'vitest';
import type { PlanFacts } from '../../../src/domain/plans/plan-facts.js';
import type { Instalment } from '../../../src/domain/plans/plan-schedule.js';
import { dueWindow, instalmentStates, nextInstalment, plannedRemaining, unpaidBetween } from '../../../src/domain/plans/plan-standing.js';
import { planWeekFigures } from '../../../src/domain/plans/plan-week.js';

const plan = (...rows: [string, bigint][]): Instalment[] => rows.map(([dueDate, amountMinor]) => ({ dueDate, amountMinor }));
// 9,000.00 in three: 4,000.00 paid settles the first and 1,000.00 of the second.
const three = plan(['2026-02-15', 300000n], ['2026-03-01', 300000n], ['2026-03-08', 300000n]);

describe('instalmentStates', () => {
  it.each([
    ['before anything is due', '2026-02-10', 0n, ['due', 'due', 'due']],
    ['on a date, unpaid: still due that day', '2026-02-15', 0n, ['due', 'due', 'due']],
    ['the day after, unpaid: missed', '2026-02-16', 0n, ['missed', 'due', 'due']],
    ['paid in part, after the second date', '2026-03-04', 400000n, ['paid', 'missed', 'due']],
    ['all paid', '2026-04-01', 900000n, ['paid', 'paid', 'paid']],
  ] as const)('%s', (_, today, paid, standings) => {
    expect(instalmentStates(three, paid, today, true).map((s) => s.standing)).toEqual(standings);
  });

  it('counts nothing on a plan that has not started: every instalment is proposed', () => {
    const s = instalmentStates(three, 400000n, '2026-03-04', false);
    expect(s.map((i) => [i.standing, i.paidMinor])).toEqual([['proposed', 0n], ['proposed', 0n], ['proposed', 0n]]);
    expect(nextInstalment(s)?.dueDate).toBe('2026-02-15');
  });

  it('names the next instalment to pay, what the plan still expects, and those unpaid in a window', () => {
    const s = instalmentStates(three, 400000n, '2026-03-04', true);
    expect(nextInstalment(s)).toMatchObject({ dueDate: '2026-03-08', remainingMinor: 300000n });
    expect(plannedRemaining(s)).toBe(500000n);
    expect(s[1]).toMatchObject({ paidMinor: 100000n, remainingMinor: 200000n });
    const w = dueWindow('2026-03-04', 7);
    expect(w).toEqual({ from: '2026-03-04', to: '2026-03-11' });
    expect(unpaidBetween(s, w.from, w.to).map((i) => i.dueDate)).toEqual(['2026-03-08']);
    expect(nextInstalment(instalmentStates(three, 900000n, '2026-03-04', true))).toBeNull();
  });
});

const facts = (over: Partial<PlanFacts>): PlanFacts => ({
  planId: 1n, customerId: 1n, customerName: 'Paulson', customerExternalId: 'C-P', currency: 'EUR', status: 'active', origin: 'owner',
  totalMinor: 900000n, needsFinanceApprover: false, instalments: three, started: true, onDate: '2026-03-04', paidMinor: 400000n,
  createdOn: '2026-02-01', endedAt: null, ...over,
});

describe('planWeekFigures', () => {
  const now = new Date('2026-03-04T12:00:00Z');
  const weekStart = new Date('2026-02-25T12:00:00Z');

  it('counts per currency: active plans, due next week, missed last week, broken last week', () => {
    const broken = facts({
      planId: 2n, status: 'broken', totalMinor: 60000n, paidMinor: 0n, onDate: '2026-02-27', endedAt: new Date('2026-02-27T08:00:00Z'),
      instalments: plan(['2026-02-10', 30000n], ['2026-03-10', 30000n]),
    });
    const usd = facts({ planId: 3n, currency: 'USD', totalMinor: 10000n, paidMinor: 0n, instalments: plan(['2026-03-02', 10000n]) });
    expect(planWeekFigures([facts({}), broken, usd], '2026-03-04', weekStart, now)).toEqual([
      { currency: 'EUR', activePlans: 1, inActivePlansMinor: 500000n, dueNextWeek: { count: 1, owedMinor: 300000n }, missedLastWeek: { count: 1, owedMinor: 200000n }, brokenLastWeek: 1 },
      { currency: 'USD', activePlans: 1, inActivePlansMinor: 10000n, dueNextWeek: { count: 0, owedMinor: 0n }, missedLastWeek: { count: 1, owedMinor: 10000n }, brokenLastWeek: 0 },
    ]);
  });

  it('leaves out requests, and plans cancelled in the week', () => {
    const requested = facts({ status: 'requested', started: false });
    const cancelled = facts({ status: 'cancelled', endedAt: new Date('2026-03-02T08:00:00Z') });
    expect(planWeekFigures([requested, cancelled], '2026-03-04', weekStart, now)).toEqual([]);
  });
});
