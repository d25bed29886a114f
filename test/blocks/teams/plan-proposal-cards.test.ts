import { describe, expect, it } from 'vitest';
import { parseActionData } from '../../../blocks/teams/action-data.js';
import { buildAlertCard } from '../../../blocks/teams/alert-cards.js';
import { type AlertView, type PlanNotice } from '../../../src/views/alert-view.js';
import { actionIds } from '../../../src/views/control-ids.js';
import { mayOfferPlan } from '../../../src/views/card-controls.js';
import { ana, invoice } from '../slack/fixtures.js';
import { cardViolations, nodes } from './card-schema.js';

// Teams' plan forms offer 2 to the policy's most instalments (not 2 to 12 whatever the policy); "Propose other
// dates" unfolds its form on a request's card; "Offer a payment plan" shows only where a plan can be offered.

const plan = (over: Partial<PlanNotice> = {}): AlertView => ({
  kind: 'payment_plan', owner: ana,
  plan: {
    event: 'requested', planId: '5', customerName: 'Northwind', origin: 'customer', status: 'requested', total: '€900.00', financeApprover: false,
    instalments: [{ dueDate: '2026-04-01', amount: '€450.00' }, { dueDate: '2026-05-01', amount: '€450.00' }], alertId: '77', maxInstalments: 4, ...over,
  },
});
const counts = (v: AlertView) => nodes(buildAlertCard(v).card)
  .filter((n) => n.type === 'Input.ChoiceSet' && n.id === 'plan_count')
  .map((n) => (n.choices as { value: string }[]).map((c) => c.value));
const invoiceCard = (planning: NonNullable<Parameters<typeof invoice>[0]>['planning']): AlertView => ({ kind: 'invoice_overdue', invoice: invoice({ planning }), owner: ana });

describe('Teams plan forms follow the plan policy', () => {
  it('the offer form on an invoice card offers 2 to the policy\'s 4 instalments', () => {
    expect(counts(invoiceCard({ owing: true, inOpenPlan: false, maxInstalments: 4 }))).toEqual([['2', '3', '4']]);
  });

  it('Propose other dates and Re-plan offer 2 to the policy\'s most', () => {
    expect(counts(plan())).toEqual([['2', '3', '4']]);
    expect(counts(plan({ event: 'broken', status: 'broken', maxInstalments: 3 }))).toEqual([['2', '3']]);
  });

  it('Propose other dates submits the schedule and the note under the alert, decoded as Slack\'s modal', () => {
    const v = plan();
    expect(cardViolations(buildAlertCard(v).card)).toEqual([]);
    expect(JSON.stringify(buildAlertCard(v).card)).toContain('"id":"plan_proposal_note"');
    expect(parseActionData(actionIds.proposePlan, { a: '77', plan_count: '3', plan_first_date: '2026-04-15', plan_interval: 'monthly', plan_proposal_note: 'from April' })).toEqual({
      ok: true, action: { type: 'propose_plan', alertId: 77n, schedule: { count: 3, firstDate: '2026-04-15', interval: 'monthly' }, note: 'from April' },
    });
  });

  it('a proposed request shows who proposed, the note and the wait, without buttons', () => {
    const v = plan({ status: 'proposed', proposal: { by: 'Dan', note: 'from April', answer: null, requested: [{ dueDate: '2026-03-20', amount: '€900.00' }] } });
    const text = JSON.stringify(buildAlertCard(v).card);
    expect(nodes(buildAlertCard(v).card).filter((n) => n.type === 'Action.Execute')).toEqual([]);
    expect(text).toContain('**Dan** proposed other dates');
    expect(text).toContain('Note to the customer: from April');
    expect(text).toContain('Waiting for the customer to accept or decline on the portal');
  });
});

describe('"Offer a payment plan" only where a plan can be offered', () => {
  it.each([
    ['owing, no plan open', { owing: true, inOpenPlan: false, maxInstalments: 6 }, true],
    ['a plan requested, proposed or active for its customer and currency', { owing: true, inOpenPlan: true, maxInstalments: 6 }, false],
    ['paid', { owing: false, inOpenPlan: false, maxInstalments: 6 }, false],
    ['not known', null, false],
  ] as const)('%s', (_name, planning, shown) => {
    expect(mayOfferPlan(invoice({ planning }))).toBe(shown);
    const verbs = nodes(buildAlertCard(invoiceCard(planning)).card).filter((n) => n.type === 'Action.ShowCard' || n.type === 'Action.Execute').map((n) => n.title);
    expect(verbs.includes('Offer a payment plan')).toBe(shown);
  });
});
