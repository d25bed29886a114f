import type { OwnerRef } from '../../src/views/alert-view.js';
import { planControls } from '../../src/views/card-controls.js';
import { planHeader, planOutcome, planProposalLines, planSchedule, planSummary, planText, planTodo, type PlanNotice } from '../wording/plan-wording.js';
import { creditValue } from './action-value.js';
import { actionsBlock, blockKitLimits, button, headerBlock, sectionBlock, type KnownBlock, type SlackMessage } from './block-kit.js';
import { mention, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';

/**
 * A payment plan waiting for an approver, or broken. The words are blocks/wording/plan-wording.ts; the buttons
 * (src/views/card-controls.ts planControls) carry the alert, `{"a":…}`, and go once the card is dealt with.
 */
export function buildPlanAlert(p: PlanNotice, owner: OwnerRef | null): SlackMessage {
  const schedule = planSchedule(p, md);
  const outcome = planOutcome(p, md);
  const controls = planControls(p);
  const value = p.alertId === undefined ? '' : creditValue(p.alertId);
  const blocks: KnownBlock[] = [
    headerBlock(planHeader(p, plain)),
    sectionBlock(truncate([planText(p, mention(owner), md), ...(p.event === 'requested' ? schedule : [])].join('\n'), 3000)),
    ...planProposalLines(p, md).map((line) => sectionBlock(truncate(line, 3000))),
    sectionBlock(planTodo(p, md)),
    ...(outcome === null ? [] : [sectionBlock(truncate(outcome, 3000))]),
    ...(controls.length === 0 ? [] : [actionsBlock(controls.map((c) => button({ text: c.label, actionId: c.id, value, ...(c.style ? { style: c.style } : {}) })), 'arbot.plan_actions')]),
  ];
  return { text: truncate(planSummary(p, md), blockKitLimits.fallbackText), blocks };
}
