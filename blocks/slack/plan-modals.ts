import type { types } from '@slack/bolt';
import type { PlanNotice } from '../../src/views/alert-view.js';
import { planFormIntervals, type PlanOfferFacts } from '../../src/views/plan-offer-view.js';
import { planFormWords as w, planOfferScope, planProposalScope, planSummary } from '../wording/plan-wording.js';
import { blockKitLimits, contextBlock, option, plainText, sectionBlock, type KnownBlock, type ModalView } from './block-kit.js';
import { input, modal, textInput } from './modals.js';
import { escapeMrkdwn, mrkdwnMarks } from './mrkdwn.js';

/** Where the plan forms' answers sit in a submission: a contract with the view handlers, never changed. */
export const planModalInputs = {
  refuseReason: { blockId: 'arbot.plan_refuse_reason', actionId: 'reason' },
  count: { blockId: 'arbot.plan_count', actionId: 'count' },
  firstDate: { blockId: 'arbot.plan_first_date', actionId: 'date' },
  interval: { blockId: 'arbot.plan_interval', actionId: 'interval' },
  proposalNote: { blockId: 'arbot.plan_proposal_note', actionId: 'note' },
} as const;

/** Refuse a requested plan: the reason is required and is emailed to the customer. */
export function buildRefusePlanModal(plan: PlanNotice, privateMetadata: string): ModalView {
  return modal('refusePlan', w.refuseTitle, w.refuseSubmit, privateMetadata, [
    sectionBlock(planSummary(plan, mrkdwnMarks)),
    input(planModalInputs.refuseReason, w.reasonLabel, textInput(1000, true, w.reasonPlaceholder)),
  ]);
}

/** Offer a plan (from an invoice card) or re-plan a broken one: instalments 2 to the policy's most, first date, interval. */
export function buildOfferPlanModal(offer: PlanOfferFacts, form: 'offerPlan' | 'replan', privateMetadata: string): ModalView {
  return modal(form, form === 'replan' ? w.replanTitle : w.offerTitle, w.offerSubmit, privateMetadata, [
    sectionBlock(`${planOfferScope(offer.customerName, offer.currency, mrkdwnMarks)}`),
    ...scheduleBlocks(offer),
  ]);
}

/** Propose other dates for a request: the same schedule inputs, and an optional note emailed to the customer. */
export function buildProposePlanModal(plan: PlanNotice, offer: PlanOfferFacts, privateMetadata: string): ModalView {
  return modal('proposePlan', w.proposeTitle, w.proposeSubmit, privateMetadata, [
    sectionBlock(planProposalScope(plan, mrkdwnMarks)),
    ...scheduleBlocks(offer),
    input(planModalInputs.proposalNote, w.proposalNoteLabel, textInput(1000, true, w.proposalNotePlaceholder), { optional: true }),
  ]);
}

function scheduleBlocks(offer: PlanOfferFacts): KnownBlock[] {
  const counts = Array.from({ length: Math.max(0, offer.maxInstalments - 1) }, (_, k) => String(k + 2));
  const countSelect: types.StaticSelect = {
    type: 'static_select', placeholder: plainText(w.countLabel, blockKitLimits.placeholder), options: counts.map((c) => option(c, c)),
  };
  const intervals = planFormIntervals.map((i) => option(w.intervals[i], i));
  const intervalSelect: types.StaticSelect = {
    type: 'static_select', placeholder: plainText(w.intervalLabel, blockKitLimits.placeholder), options: intervals, initial_option: intervals[0]!,
  };
  const datepicker: types.Datepicker = { type: 'datepicker', placeholder: plainText(w.firstDateRequired, blockKitLimits.placeholder) };
  return [
    contextBlock([`${escapeMrkdwn(offer.owed)} owed today: ${escapeMrkdwn(offer.invoiceNumbers.join(', '))}`.slice(0, 2000)]),
    input(planModalInputs.count, w.countLabel, countSelect, { hint: `2 to ${offer.maxInstalments} (the plan policy)` }),
    input(planModalInputs.firstDate, w.firstDateLabel, datepicker, { hint: `After ${offer.today}` }),
    input(planModalInputs.interval, w.intervalLabel, intervalSelect),
  ];
}
