import { describe, expect, it } from 'vitest';
import { buildHomeView, type HomeQueue } from '../../../blocks/slack/home-view.js';
import { type PlanNotice } from '../../../src/views/alert-view.js';
import { actionIds } from '../../../src/views/control-ids.js';
import { homePlanCardsMax, type HomePlans } from '../../../src/views/plan-view.js';
import { approval, dispute, invoice } from './fixtures.js';
import { actionIdsOf, blockKitViolations, visibleText } from './limits.js';

// The App Home's payment plans (issue 20): within the home tab's limits whatever their number, the cards' buttons on
// the first few requests and broken plans, the rest counted.

const card = (k: number, event: PlanNotice['event']): PlanNotice => ({
  event, planId: String(k), customerName: `Customer ${k}`, origin: 'customer', status: event === 'requested' ? 'requested' : 'broken', total: '€900.00',
  financeApprover: false, instalments: [{ dueDate: '2026-04-01', amount: '€900.00' }], alertId: String(100 + k), outcome: null,
});

const plans = (n: number): HomePlans => ({
  asOf: '2026-03-09', dueUntil: '2026-03-16',
  requests: Array.from({ length: n }, (_, k) => ({
    planId: String(k), customerName: `Customer ${k} *bold*`, customerExternalId: `C-${k}`, total: '€900.00', instalments: 3, firstDate: '2026-04-01',
    financeApprover: k % 2 === 0, requestedOn: '2026-03-08', card: card(k, 'requested'),
  })),
  broken: Array.from({ length: n }, (_, k) => ({
    planId: String(1000 + k), customerName: `Broken ${k}`, customerExternalId: `B-${k}`, total: '€600.00', missed: '€300.00', brokenOn: '2026-03-01',
    card: k === 0 ? null : card(1000 + k, 'broken'),
  })),
  dueSoon: Array.from({ length: n * 3 }, (_, k) => ({ planId: String(k), customerName: `Customer ${k}`, customerExternalId: `C-${k}`, dueDate: '2026-03-10', amount: '€300.00' })),
});

const queue = (n: number): HomeQueue => ({
  disputes: Array.from({ length: n }, (_, k) => dispute({ disputeId: String(k + 1), invoice: invoice({ number: `INV-${k}` }) })),
  approvals: Array.from({ length: n }, (_, k) => approval({ emailId: String(6000 + k) })),
  overdueAccounts: [],
  repliesWaiting: { total: 0, replies: [] },
  plans: plans(n),
  asOf: '2026-03-09T10:00:00Z',
});

describe('the App Home\'s payment plans', () => {
  it.each([0, 1, 5, 200])('stay within every limit of the home tab with %i in each list', (n) => {
    const view = buildHomeView(queue(n));
    expect(blockKitViolations(view, 'home')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('put the cards\' buttons on the first requests and broken plans (none without an alert), and count the rest', () => {
    const view = buildHomeView({ ...queue(0), plans: plans(8) });
    const request = [actionIds.approvePlan, actionIds.proposePlan, actionIds.refusePlan];
    const broken = [actionIds.planCallDone, actionIds.replan, actionIds.planResume];
    expect(actionIdsOf(view)).toEqual([
      ...Array.from({ length: homePlanCardsMax }, () => request).flat(),
      ...Array.from({ length: homePlanCardsMax - 1 }, () => broken).flat(),
    ]);
    const text = visibleText(view);
    expect(text).toContain('*Payment plans waiting for my decision (8)*');
    expect(text).toContain('*Customer 0 ∗bold∗* · €900.00 in 3 instalments from 2026-04-01 · requested 2026-03-08 · a finance approver decides');
    expect(text).toContain('…and 3 more requests');
    expect(text).toContain('…and 3 more plans');
    expect(text).toContain('*Plan instalments due 2026-03-09 → 2026-03-16 (24)*');
  });

  it('say so when there is nothing, and are left out of a queue read without them', () => {
    const none = visibleText(buildHomeView({ ...queue(0), plans: plans(0) }));
    expect(none).toContain('*Payment plans waiting for my decision (0)*\nNothing to decide.');
    expect(none).toContain('*Broken payment plans of my customers (0)*\nNone.');
    const { plans: _left, ...without } = queue(0);
    expect(visibleText(buildHomeView(without))).not.toContain('Payment plans');
  });
});
