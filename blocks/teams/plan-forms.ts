import { planFormIntervals } from '../../src/views/plan-offer-view.js';
import type { InvoiceFacts } from '../../src/views/alert-view.js';
import { actionIds } from '../../src/views/alert-view.js';
import { planFormWords as w, planOfferScope } from '../wording/plan-wording.js';
import { inputIds } from './action-data.js';
import { dateInput, execute, noteBlock, showCard, type CardElement, type InputChoiceSet, type ShowCardAction } from './adaptive-card.js';
import { teamsMarks } from './teams-markdown.js';

/** Teams cards cannot ask the policy first: the choice goes to this many, and arbot states the policy's bound if it is lower. */
export const teamsPlanMaxChoice = 12;

/** The offer form's inputs (Slack's modal asks the same): instalments, first date, interval, and what the plan covers. */
export function planScheduleInputs(customerName: string, currency: string | null): CardElement[] {
  const count: InputChoiceSet = {
    type: 'Input.ChoiceSet', id: inputIds.planCount, label: `${w.countLabel} (at most the plan policy's)`, style: 'compact',
    isRequired: true, errorMessage: 'Choose the number of instalments',
    choices: Array.from({ length: teamsPlanMaxChoice - 1 }, (_, k) => ({ title: String(k + 2), value: String(k + 2) })),
  };
  const interval: InputChoiceSet = {
    type: 'Input.ChoiceSet', id: inputIds.planInterval, label: w.intervalLabel, style: 'compact', value: 'monthly',
    isRequired: true, errorMessage: 'Choose monthly or every 14 days',
    choices: planFormIntervals.map((i) => ({ title: w.intervals[i], value: i })),
  };
  return [
    noteBlock(planOfferScope(customerName, currency, teamsMarks)),
    count,
    dateInput(inputIds.planFirstDate, w.firstDateLabel, w.firstDateRequired),
    interval,
  ];
}

/** "Offer a payment plan" on an invoice card: the form unfolds on the card; its submission names the invoice. */
export function offerPlanForm(invoice: InvoiceFacts): ShowCardAction {
  return showCard(w.offerTitle, planScheduleInputs(invoice.customerName, invoice.currency), execute(w.offerSubmit, actionIds.offerPlan, { i: invoice.invoiceId }, 'positive'));
}
