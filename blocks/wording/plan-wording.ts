import type { PlanNotice } from '../../src/views/alert-view.js';
import type { Marks } from './marks.js';

export type { PlanNotice };

export const planHeader = (p: PlanNotice, m: Marks): string => (p.event === 'requested'
  ? `${m.icon('raising_hand')} Payment plan requested: ${m.esc(p.customerName)}`
  : `${m.icon('broken_heart')} Payment plan broken: ${m.esc(p.customerName)}`);

/** `who`: the owner as the surface names them (a mention, already marked up). */
export function planText(p: PlanNotice, who: string, m: Marks): string {
  const n = p.instalments.length;
  const what = `${m.esc(p.total)} in ${n} instalment${n === 1 ? '' : 's'}`;
  if (p.event === 'broken') return `${who}: ${m.bold(p.customerName)} missed an instalment of their payment plan (${what}) beyond the grace days. The normal reminders have resumed.`;
  const asker = p.origin === 'customer' ? `${m.bold(p.customerName)} asks` : `an owner proposes for ${m.bold(p.customerName)}`;
  return `${who}: ${asker} to pay ${what}:`;
}

export const planSchedule = (p: PlanNotice, m: Marks): string[] =>
  p.instalments.map((i, k) => `${k + 1}. ${m.esc(i.dueDate)}: ${m.esc(i.amount)}`);

export function planTodo(p: PlanNotice, m: Marks): string {
  if (p.event === 'broken') return `${m.bold('What to do:')} call the customer, then offer a new plan if they can keep one; otherwise the reminders go on as usual.`;
  if (p.status === 'proposed') return `${m.bold('Proposed:')} other dates wait for the customer's answer.`;
  if (p.status !== 'requested') return `${m.bold('Decided:')} this plan is now ${m.esc(p.status)}.`;
  return `${m.bold('Who decides:')} ${p.financeApprover ? 'a finance approver (the total is above the approval amount)' : 'the account manager or a finance approver'}. The customer is emailed the outcome.`;
}

export const planSummary = (p: PlanNotice, m: Marks): string =>
  `${p.event === 'requested' ? 'Payment plan requested' : 'Payment plan broken'}: ${m.esc(p.customerName)}, ${m.esc(p.total)}`;

/** Who decided a request or followed up a broken plan, under its card; null when nobody has yet. */
export function planOutcome(p: PlanNotice, m: Marks): string | null {
  const o = p.outcome;
  if (!o) return null;
  switch (o.what) {
    case 'approved': return `${m.icon('white_check_mark')} Approved by ${m.bold(o.by)}: the plan is active and the customer is emailed the schedule.`;
    case 'refused': return `${m.icon('x')} Refused by ${m.bold(o.by)}: ${m.esc(o.reason ?? '')}`;
    case 'call_done': return `${m.icon('memo')} ${m.bold(o.by)} called the customer.`;
    case 'resumed': return `${m.icon('ballot_box_with_check')} ${m.bold(o.by)} let the normal reminders resume: nothing more to do here.`;
    case 'replanned': return `${m.icon('ballot_box_with_check')} ${m.bold(o.by)} offered a new plan.`;
  }
}

/** The plan forms' words (Slack's modals, Teams' inline forms). */
export const planFormWords = {
  refuseTitle: 'Refuse payment plan',
  refuseSubmit: 'Refuse plan',
  reasonLabel: 'Reason (the customer is told)',
  reasonPlaceholder: 'Why the plan cannot be accepted',
  reasonRequired: 'Say why the plan is refused',
  offerTitle: 'Offer a payment plan',
  replanTitle: 'Re-plan',
  offerSubmit: 'Offer plan',
  countLabel: 'Number of instalments',
  firstDateLabel: 'First instalment on',
  firstDateRequired: 'Pick the date of the first instalment',
  intervalLabel: 'Then',
  intervals: { monthly: 'Monthly', every_14_days: 'Every 14 days' },
  proposeTitle: 'Propose other dates',
  proposeSubmit: 'Propose to customer',
  proposalNoteLabel: 'Note to the customer (optional)',
  proposalNotePlaceholder: 'Why these dates, in a sentence the customer reads',
} as const;

/** What a proposal does, said in its form. */
export const planProposalScope = (p: PlanNotice, m: Marks): string =>
  `${m.bold(p.customerName)} asked to pay ${m.esc(p.total)} in ${p.instalments.length} instalments. Propose other dates: the customer is emailed them and accepts or declines on the portal; nothing starts until they accept.`;

/** A proposal on a request's card: who proposed, the note, and the customer's answer. */
export function planProposalLines(p: PlanNotice, m: Marks): string[] {
  const x = p.proposal;
  if (!x) return [];
  const answer = x.answer === 'accepted' ? `${m.icon('white_check_mark')} The customer accepted these dates on the portal: the plan is active.`
    : x.answer === 'declined' ? `${m.icon('x')} The customer declined these dates on the portal: the request is closed.`
      : `${m.icon('hourglass')} Waiting for the customer to accept or decline on the portal.`;
  return [
    `${m.icon('memo')} ${m.bold(x.by)} proposed other dates (the instalments above); the customer had asked for ${x.requested.length} instalment${x.requested.length === 1 ? '' : 's'} from ${m.esc(x.requested[0]?.dueDate ?? '')}.`,
    ...(x.note === '' ? [] : [`Note to the customer: ${m.esc(x.note)}`]),
    answer,
  ];
}

/** What an offered plan covers, said in the offer form. */
export const planOfferScope = (customerName: string, currency: string | null, m: Marks): string =>
  `The plan covers every open invoice of ${m.bold(customerName)} in ${currency === null ? 'the broken plan\'s currency' : m.esc(currency)}, in even instalments. Within the plan policy it starts at once and the customer is emailed the schedule; above the approval amount it waits for a finance approver.`;
