import { defaultPlanPolicy } from '../../src/domain/plans/plan-policy.js';
import { planFormIntervals } from '../../src/views/plan-offer-view.js';
import type { InvoiceFacts } from '../../src/views/alert-view.js';
import { actionIds } from '../../src/views/control-ids.js';
import { planFormWords as w, planOfferScope } from '../wording/plan-wording.js';
import { inputIds } from './action-data.js';
import { dateInput, execute, noteBlock, showCard, type CardElement, type InputChoiceSet, type ShowCardAction } from './adaptive-card.js';
import { teamsMarks } from './teams-markdown.js';

/** The offer form's schedule inputs (Slack's modal asks the same): 2 to the policy's most instalments, first date, interval. */
export function planScheduleFields(maxInstalments: number): CardElement[] {
  const count: InputChoiceSet = {
    type: 'Input.ChoiceSet', id: inputIds.planCount, label: `${w.countLabel} (2 to ${maxInstalments}, the plan policy)`, style: 'compact',
    isRequired: true, errorMessage: 'Choose the number of instalments',
    choices: Array.from({ length: Math.max(0, maxInstalments - 1) }, (_, k) => ({ title: String(k + 2), value: String(k + 2) })),
  };
  const interval: InputChoiceSet = {
    type: 'Input.ChoiceSet', id: inputIds.planInterval, label: w.intervalLabel, style: 'compact', value: 'monthly',
    isRequired: true, errorMessage: 'Choose monthly or every 14 days',
    choices: planFormIntervals.map((i) => ({ title: w.intervals[i], value: i })),
  };
  return [count, dateInput(inputIds.planFirstDate, w.firstDateLabel, w.firstDateRequired), interval];
}

/** The offer form's inputs: what the plan covers, then the schedule. */
export function planScheduleInputs(customerName: string, currency: string | null, maxInstalments: number): CardElement[] {
  return [noteBlock(planOfferScope(customerName, currency, teamsMarks)), ...planScheduleFields(maxInstalments)];
}

/** "Offer a payment plan" on an invoice card: the form unfolds on the card; its submission names the invoice. */
export function offerPlanForm(invoice: InvoiceFacts): ShowCardAction {
  const max = invoice.planning?.maxInstalments ?? defaultPlanPolicy.maxInstalments;
  return showCard(w.offerTitle, planScheduleInputs(invoice.customerName, invoice.currency, max), execute(w.offerSubmit, actionIds.offerPlan, { i: invoice.invoiceId }, 'positive'));
}
