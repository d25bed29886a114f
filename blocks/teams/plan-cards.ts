import type { OwnerRef } from '../../src/views/alert-view.js';
import { actionIds } from '../../src/views/control-ids.js';
import { planControls } from '../../src/views/card-controls.js';
import { planHeader, planOutcome, planProposalLines, planProposalScope, planSchedule, planSummary, planText, planTodo, type PlanNotice } from '../wording/plan-wording.js';
import { defaultPlanPolicy } from '../../src/domain/plans/plan-policy.js';
import { planFormWords as w } from '../wording/plan-wording.js';
import { inputIds } from './action-data.js';
import {
  actionSet, adaptiveCard, execute, headerBlock, noteBlock, showCard, textBlock, textInput, type CardAction, type CardElement, type TeamsCard,
} from './adaptive-card.js';
import type { Mentions } from './mentions.js';
import { planScheduleFields, planScheduleInputs } from './plan-forms.js';
import { teamsMarks as md, teamsPlainMarks as plain } from './teams-markdown.js';

/** The plan buttons: Refuse and Re-plan unfold their forms on the card; each submission names the alert. */
function planActions(p: PlanNotice): CardAction[] {
  if (p.alertId === undefined) return [];
  const data = { a: p.alertId };
  const max = p.maxInstalments ?? defaultPlanPolicy.maxInstalments;
  return planControls(p).map((c) => {
    if (c.id === actionIds.refusePlan) {
      return showCard(c.label, [
        textInput(inputIds.planRefuseReason, w.reasonLabel, { maxLength: 1000, multiline: true, required: w.reasonRequired, placeholder: w.reasonPlaceholder }),
      ], execute(w.refuseSubmit, c.id, data, 'destructive'));
    }
    if (c.id === actionIds.replan) return showCard(c.label, planScheduleInputs(p.customerName, null, max), execute(w.offerSubmit, c.id, data, 'positive'));
    if (c.id === actionIds.proposePlan) {
      return showCard(c.label, [
        noteBlock(planProposalScope(p, md)), ...planScheduleFields(max),
        textInput(inputIds.planProposalNote, w.proposalNoteLabel, { maxLength: 1000, multiline: true, placeholder: w.proposalNotePlaceholder }),
      ], execute(w.proposeSubmit, c.id, data, 'positive'));
    }
    return execute(c.label, c.id, data, c.style === 'primary' ? 'positive' : c.style === 'danger' ? 'destructive' : undefined);
  });
}

/** A payment plan waiting for an approver, or broken. The words are blocks/wording/plan-wording.ts. */
export function buildPlanCard(p: PlanNotice, owner: OwnerRef | null, mentions: Mentions, notice: CardElement[]): TeamsCard {
  const schedule = p.event === 'requested' ? planSchedule(p, md) : [];
  const outcome = planOutcome(p, md);
  const actions = planActions(p);
  const body = [
    ...notice,
    headerBlock(planHeader(p, md)),
    textBlock(planText(p, mentions.name(owner), md)),
    ...(schedule.length > 0 ? [textBlock(schedule.join('\n\n'))] : []),
    ...planProposalLines(p, md).map((line) => textBlock(line)),
    textBlock(planTodo(p, md)),
    ...(outcome === null ? [] : [textBlock(outcome, { weight: 'Bolder' })]),
    ...(actions.length === 0 ? [] : [actionSet(actions)]),
  ];
  const summary = planSummary(p, plain);
  return { card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary };
}
