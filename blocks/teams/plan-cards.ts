import type { OwnerRef } from '../../src/views/alert-view.js';
import { planHeader, planSchedule, planSummary, planText, planTodo, type PlanNotice } from '../wording/plan-wording.js';
import { adaptiveCard, headerBlock, textBlock, type CardElement, type TeamsCard } from './adaptive-card.js';
import type { Mentions } from './mentions.js';
import { teamsMarks as md, teamsPlainMarks as plain } from './teams-markdown.js';

/** A payment plan waiting for an approver, or broken. The words are blocks/wording/plan-wording.ts. */
export function buildPlanCard(p: PlanNotice, owner: OwnerRef | null, mentions: Mentions, notice: CardElement[]): TeamsCard {
  const schedule = p.event === 'requested' ? planSchedule(p, md) : [];
  const body = [
    ...notice,
    headerBlock(planHeader(p, md)),
    textBlock(planText(p, mentions.name(owner), md)),
    ...(schedule.length > 0 ? [textBlock(schedule.join('\n\n'))] : []),
    textBlock(planTodo(p, md)),
  ];
  const summary = planSummary(p, plain);
  return { card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary };
}
