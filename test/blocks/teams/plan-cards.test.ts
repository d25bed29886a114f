import { describe, expect, it } from 'vitest';
import { parseActionData } from '../../../blocks/teams/action-data.js';
import { buildAlertCard } from '../../../blocks/teams/alert-cards.js';
import { type AlertView, type PlanNotice } from '../../../src/views/alert-view.js';
import { actionIds } from '../../../src/views/control-ids.js';
import { ana } from '../slack/fixtures.js';
import { cardViolations, nodes } from './card-schema.js';

// The payment plan cards' buttons on Teams: Refuse and Re-plan unfold their forms on the card, and what they submit
// (the alert, merged with the inputs) decodes to the same action as Slack's modals.

const plan = (over: Partial<PlanNotice> = {}): AlertView => ({
  kind: 'payment_plan', owner: ana,
  plan: {
    event: 'requested', planId: '5', customerName: 'Northwind', origin: 'customer', status: 'requested', total: '€900.00', financeApprover: true,
    instalments: [{ dueDate: '2026-04-01', amount: '€450.00' }, { dueDate: '2026-05-01', amount: '€450.00' }], alertId: '77', ...over,
  },
});
const executes = (v: AlertView) => nodes(buildAlertCard(v).card).filter((n) => n.type === 'Action.Execute');

describe('Teams payment plan cards', () => {
  it('a request: Approve, and Refuse with its required reason, both naming the alert', () => {
    const v = plan();
    expect(cardViolations(buildAlertCard(v).card)).toEqual([]);
    expect(executes(v).map((n) => [n.verb, n.data])).toEqual([[actionIds.approvePlan, { a: '77' }], [actionIds.proposePlan, { a: '77' }], [actionIds.refusePlan, { a: '77' }]]);
    expect(JSON.stringify(buildAlertCard(v).card)).toContain('"id":"plan_refuse_reason"');
    expect(parseActionData(actionIds.refusePlan, { a: '77', plan_refuse_reason: 'no' })).toEqual({ ok: true, action: { type: 'decide_plan', alertId: 77n, decision: 'refuse', reason: 'no' } });
  });

  it('a decided request: the outcome, no buttons', () => {
    const v = plan({ status: 'refused', outcome: { what: 'refused', by: 'Dan', reason: 'half up front' } });
    expect(executes(v)).toEqual([]);
    expect(JSON.stringify(buildAlertCard(v).card)).toContain('Refused by **Dan**: half up front');
  });

  it('a broken plan: Call done, Re-plan (the offer form), Resume; re-planned: none', () => {
    const v = plan({ event: 'broken', status: 'broken' });
    expect(cardViolations(buildAlertCard(v).card)).toEqual([]);
    expect(executes(v).map((n) => n.verb)).toEqual([actionIds.planCallDone, actionIds.replan, actionIds.planResume]);
    expect(parseActionData(actionIds.replan, { a: '77', plan_count: '3', plan_first_date: '2026-04-15', plan_interval: 'every_14_days' })).toEqual({
      ok: true, action: { type: 'replan', alertId: 77n, schedule: { count: 3, firstDate: '2026-04-15', interval: 'every_14_days' } },
    });
    expect(executes(plan({ event: 'broken', status: 'broken', outcome: { what: 'replanned', by: 'Ana' } }))).toEqual([]);
    expect(executes(plan({ event: 'broken', status: 'broken', outcome: { what: 'call_done', by: 'Ana' } }))).toHaveLength(3);
  });
});
