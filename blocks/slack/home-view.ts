import { statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { ApprovalFacts, DisputeFacts } from '../../src/views/alert-view.js';
import type { HomeQueue, OverdueAccount, RepliesWaiting } from '../../src/views/home-queue.js';

export type { HomeQueue, OverdueAccount } from '../../src/views/home-queue.js';
import { approvalActions } from './approval-alerts.js';
import { actionsBlock, button, contextBlock, dividerBlock, headerBlock, sectionBlock, type HomeView, type KnownBlock } from './block-kit.js';
import { ageLabel } from '../wording/dispute-wording.js';
import { overdueLabel, segmentLabel } from '../wording/invoice-wording.js';
import { slackDate, stepLabel } from './invoice-text.js';
import { listSections } from './list-text.js';
import { escapeMrkdwn, mrkdwnMarks as md, truncate } from './mrkdwn.js';
import type { PlanNotice } from '../../src/views/alert-view.js';
import { planControls } from '../../src/views/card-controls.js';
import { homePlanCardsMax, type HomePlans } from '../../src/views/plan-view.js';
import { moreText } from '../wording/list-wording.js';
import { creditValue } from './action-value.js';
import {
  homeBrokenPlanLine, homeDueInstalmentLine, homePlanEmpty, homePlanRequestLine, homePlanTitles,
} from '../wording/plan-view-wording.js';

/** Approvals shown with their buttons; the rest are counted. Each takes two blocks. */
export const homeApprovalsMax = 10;
const listMax = 40;

function approvalBlocks(approvals: readonly ApprovalFacts[]): KnownBlock[] {
  const title = sectionBlock(`*Approvals waiting for me (${approvals.length})*${approvals.length === 0 ? '\nNothing to decide.' : ''}`);
  const shown = approvals.slice(0, homeApprovalsMax).flatMap((a) => {
    const n = a.invoices.length;
    const oldest = Math.max(...a.invoices.map((i) => i.daysOverdue), 0);
    return [
      sectionBlock(`*${escapeMrkdwn(a.customerName)}* · ${stepLabel(a.step)} reminder · ${n} invoice${n === 1 ? '' : 's'}${n === 0 ? '' : `, oldest ${overdueLabel(oldest)}`}`),
      { ...approvalActions(a), block_id: `arbot.approval_actions_${a.emailId}` },
    ];
  });
  const hidden = approvals.length - Math.min(approvals.length, homeApprovalsMax);
  return [title, ...shown, ...(hidden > 0 ? [contextBlock([`…and ${hidden} more approval${hidden === 1 ? '' : 's'} waiting.`])] : [])];
}

/** "*Acme* · Ann <ap@acme.example> · _Re: Invoice_ — “We pay on the 15th.” · waiting 5 h", the customer's words escaped. */
function waitingReplyLine(r: RepliesWaiting['replies'][number]): string {
  const subject = r.subject === '' ? '(no subject)' : truncate(escapeMrkdwn(r.subject), 150);
  const words = r.excerpt === '' ? '_(no text)_' : `“${escapeMrkdwn(r.excerpt)}”`;
  return `*${escapeMrkdwn(r.customerName)}* · ${truncate(escapeMrkdwn(r.from), 120)} · _${subject}_ — ${words} · waiting ${ageLabel(r.waitingHours)} (since ${escapeMrkdwn(r.receivedAt)})`;
}

function replyBlocks(waiting: RepliesWaiting): KnownBlock[] {
  const title = `*Replies waiting for me, oldest first (${waiting.total})*`;
  const lines = waiting.replies.map(waitingReplyLine);
  const texts = listSections(lines, { maxItems: lines.length, maxSections: 4, noun: ['reply', 'replies'], heading: title });
  if (texts.length === 0) return [sectionBlock(`${title}\nNo customer reply waiting.`)];
  // Only the oldest are read: the others are counted, with where to find them.
  const hidden = waiting.total - waiting.replies.length;
  return [...texts.map((t) => sectionBlock(t)), ...(hidden > 0 ? [contextBlock([`…and ${hidden} more repl${hidden === 1 ? 'y' : 'ies'} waiting: /ar &lt;customer&gt; shows a customer's conversation.`])] : [])];
}

function disputeBlocks(disputes: readonly DisputeFacts[]): KnownBlock[] {
  const lines = [...disputes].sort((a, b) => b.ageHours - a.ageHours).map((d) =>
    `${d.priority === 1 ? ':rotating_light: ' : ''}*${escapeMrkdwn(d.invoice.customerName)}* · ${escapeMrkdwn(d.invoice.number)} · ${statusLabels[d.status]} · ${ageLabel(d.ageHours)} old · ${escapeMrkdwn(d.invoice.amountDue)}`);
  const title = `*My disputes, oldest first (${disputes.length})*`;
  const texts = listSections(lines, { maxItems: listMax, maxSections: 3, noun: ['dispute', 'disputes'], heading: title });
  if (texts.length === 0) return [sectionBlock(`${title}\nNone. :tada:`)];
  return texts.map((t) => sectionBlock(t));
}

function accountBlocks(accounts: readonly OverdueAccount[]): KnownBlock[] {
  const lines = [...accounts].sort((a, b) => b.oldestDaysOverdue - a.oldestDaysOverdue).map((a) =>
    `*${escapeMrkdwn(a.customerName)}* · ${segmentLabel(a.segment, a.strategic)} · ${a.overdue.map(escapeMrkdwn).join(' + ')} in ${a.overdueInvoices} invoice${a.overdueInvoices === 1 ? '' : 's'} · oldest ${overdueLabel(a.oldestDaysOverdue)}`);
  const title = `*My overdue accounts (${accounts.length})*`;
  const texts = listSections(lines, { maxItems: listMax, maxSections: 3, noun: ['account', 'accounts'], heading: title });
  if (texts.length === 0) return [sectionBlock(`${title}\nNone. :tada:`)];
  return texts.map((t) => sectionBlock(t));
}

/** One titled list of the plans section, cut to a section or two: "…and N more" past that. */
function planList(title: string, lines: string[], empty: string, noun: readonly [string, string]): KnownBlock[] {
  const heading = `*${title}*`;
  const texts = listSections(lines, { maxItems: listMax, maxSections: 2, noun, heading });
  return texts.length === 0 ? [sectionBlock(`${heading}\n${empty}`)] : texts.map((t) => sectionBlock(t));
}

/** Plans with their cards' buttons (the alert's, `{"a":…}`), as the approvals above: the first few, the rest counted. */
function planCards(title: string, items: readonly { line: string; card: PlanNotice | null; planId: string }[], empty: string, noun: readonly [string, string]): KnownBlock[] {
  if (items.length === 0) return [sectionBlock(`*${title}*\n${empty}`)];
  const shown = items.slice(0, homePlanCardsMax).flatMap((i) => {
    const controls = i.card === null ? [] : planControls(i.card);
    const value = i.card?.alertId === undefined ? '' : creditValue(i.card.alertId);
    return [
      sectionBlock(truncate(i.line, 3000)),
      ...(controls.length === 0 ? [] : [actionsBlock(controls.map((c) => button({ text: c.label, actionId: c.id, value, ...(c.style ? { style: c.style } : {}) })), `arbot.home_plan_${i.planId}`)]),
    ];
  });
  const hidden = items.length - Math.min(items.length, homePlanCardsMax);
  return [sectionBlock(`*${title}*`), ...shown, ...(hidden > 0 ? [contextBlock([moreText(hidden, noun)])] : [])];
}

/** Payment plans: requests waiting for my decision and my customers' broken plans (with their cards' buttons), instalments due soon. */
function planBlocks(plans: HomePlans | undefined): KnownBlock[] {
  if (!plans) return [];
  return [
    dividerBlock(),
    ...planCards(homePlanTitles.requests(plans.requests.length), plans.requests.map((r) => ({ line: homePlanRequestLine(r, md), card: r.card, planId: r.planId })),
      homePlanEmpty.requests, ['request', 'requests']),
    ...planCards(homePlanTitles.broken(plans.broken.length), plans.broken.map((b) => ({ line: homeBrokenPlanLine(b, md), card: b.card, planId: b.planId })),
      homePlanEmpty.broken, ['plan', 'plans']),
    ...planList(homePlanTitles.dueSoon(plans), plans.dueSoon.map((d) => homeDueInstalmentLine(d, md)), homePlanEmpty.dueSoon, ['instalment', 'instalments']),
  ];
}

/**
 * The App Home tab: approvals waiting for me (with their buttons, since they block a reminder), customer replies
 * waiting for me, my disputes by age, my overdue accounts and payment plans (requests and broken plans with their
 * cards' buttons). At most about 70 blocks, within the home tab's 100.
 */
export function buildHomeView(queue: HomeQueue): HomeView {
  return {
    type: 'home',
    blocks: [
      headerBlock('My queue'),
      contextBlock([`Updated ${slackDate(queue.asOf)}. Use /ar &lt;customer&gt; for one account, /dso for the numbers.`]),
      ...approvalBlocks(queue.approvals),
      dividerBlock(),
      ...replyBlocks(queue.repliesWaiting),
      dividerBlock(),
      ...disputeBlocks(queue.disputes),
      dividerBlock(),
      ...accountBlocks(queue.overdueAccounts),
      ...planBlocks(queue.plans),
    ],
  };
}
