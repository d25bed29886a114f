import type { OwnerRef } from '../../src/views/alert-view.js';
import { planHeader, planSchedule, planSummary, planText, planTodo, type PlanNotice } from '../wording/plan-wording.js';
import { blockKitLimits, headerBlock, sectionBlock, type SlackMessage } from './block-kit.js';
import { mention, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';

/** A payment plan waiting for an approver, or broken. The words are blocks/wording/plan-wording.ts. */
export function buildPlanAlert(p: PlanNotice, owner: OwnerRef | null): SlackMessage {
  const schedule = planSchedule(p, md);
  return {
    text: truncate(planSummary(p, md), blockKitLimits.fallbackText),
    blocks: [
      headerBlock(planHeader(p, plain)),
      sectionBlock(truncate([planText(p, mention(owner), md), ...(p.event === 'requested' ? schedule : [])].join('\n'), 3000)),
      sectionBlock(planTodo(p, md)),
    ],
  };
}
