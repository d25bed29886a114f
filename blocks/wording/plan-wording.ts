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
  if (p.status !== 'requested') return `${m.bold('Decided:')} this plan is now ${m.esc(p.status)}.`;
  return `${m.bold('Who decides:')} ${p.financeApprover ? 'a finance approver (the total is above the approval amount)' : 'the account manager or a finance approver'}. The customer is emailed the outcome.`;
}

export const planSummary = (p: PlanNotice, m: Marks): string =>
  `${p.event === 'requested' ? 'Payment plan requested' : 'Payment plan broken'}: ${m.esc(p.customerName)}, ${m.esc(p.total)}`;
