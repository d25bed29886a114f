import type { CustomerLateCharges, LateChargeLine } from '../../src/views/customer-view.js';
import { whereChargesGo } from '../../src/views/late-charge-reach.js';
import type { Marks } from './marks.js';
import { plural } from './number-text.js';

// The words of `/ar`'s "Late-payment charges" section, its buttons and its waive form, once for Slack and Teams.

/** The buttons under the section (src/views/alert-view.ts actionIds.claimFees and the others). */
export const feeButtonLabels = {
  claim: 'Claim in next email',
  waive: 'Waive',
  approve: 'Approve claim',
  refuse: 'Refuse claim',
  waiveSubmit: 'Waive charges',
  refuseSubmit: 'Refuse claim',
  /** For the claims in doubt (their email may not have reached the customer): sent, or stated again in the next email. */
  told: 'Customer was told',
  notTold: 'Not told (state again)',
} as const;

const decisionWords: Readonly<Record<string, string>> = {
  claimed: 'claimed for the next email',
  awaiting_approval: 'claim waits for a finance approver',
  waived: 'waived',
  sent: 'claimed, stated in an email',
  in_doubt: 'claimed, in doubt: the email stating it may not have reached the customer; not exported until resolved',
  refused: 'claim refused',
};

/** A claim no reminder will state (none is due to the customer) says so, and what to do: Send statement. */
const decisionWord = (status: string, reminderDue: boolean): string | undefined =>
  status === 'claimed' && !reminderDue ? `claimed; ${whereChargesGo(false)}` : decisionWords[status];

/**
 * One invoice: "*INV-7* · 30 days late · €40.00 compensation + €9.86 interest = *€49.86* · rule fr: Art. L441-10 …
 * · claimed for the next email (ana@acme.example)".
 */
export function lateChargeLine(l: LateChargeLine, m: Marks, reminderDue = true): string {
  const amounts = l.compensation === null ? `${m.esc(l.interest)} interest` : `${m.esc(l.compensation)} compensation + ${m.esc(l.interest)} interest`;
  const decided = l.decision === null
    ? (l.needsApproval ? 'undecided (a claim needs a finance approver)' : 'undecided')
    : `${decisionWord(l.decision.status, reminderDue) ?? m.esc(l.decision.status)} (${m.esc(l.decision.by)})${
      l.decision.reason ? `: ${m.cut(m.esc(l.decision.reason), 300)}` : ''}`;
  return `${m.bold(l.invoiceNumber)} · ${plural(l.daysLate, 'day', 'days')} late · ${amounts} = ${m.bold(l.total)} · rule ${m.esc(l.rule)}: ${m.cut(m.esc(l.legalBasis), 200)} · ${decided}`;
}

/** The section as one of `/ar`'s lists: title, lines, and the invoices whose charges could not be computed. */
export function lateChargesList(c: CustomerLateCharges, m: Marks): { title: string; lines: string[]; noun: readonly [string, string]; empty: string } {
  return {
    title: `Late-payment charges (as of ${m.esc(c.asOf)}; never added to the invoices or the KPIs)`,
    lines: [...c.lines.map((l) => lateChargeLine(l, m, c.reminderDue !== false)), ...c.notComputed.map((n) => `${m.italic('not computed')} ${m.esc(n)}`)],
    noun: ['invoice', 'invoices'],
    empty: 'Nothing to claim.',
  };
}

/** Above the waive form: what is waived. */
export const waiveFormIntro = (customerName: string, c: CustomerLateCharges, m: Marks): string =>
  `The late-payment charges on ${plural(c.undecided, 'late invoice', 'late invoices')} of ${m.bold(customerName)} will not be claimed. The reason goes to the audit trail.`;

export const waiveReasonLabel = 'Reason';
export const waiveReasonPlaceholder = 'Why these charges are not claimed';

/** Above the refusal form (on /ar and on the approval card): what is refused. */
export const refuseFeesFormIntro = (customerName: string, c: CustomerLateCharges | null, m: Marks): string =>
  `The late-payment charges claimed${c === null ? '' : ` on ${plural(c.awaitingApproval, 'invoice', 'invoices')}`} of ${m.bold(customerName)} will not be claimed. The reason is shown on /ar and goes to the audit trail.`;

export const feeRefuseReasonLabel = 'Reason';
export const feeRefuseReasonPlaceholder = 'Why these charges are not claimed from the customer';
