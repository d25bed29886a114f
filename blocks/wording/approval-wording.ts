import type { ApprovalFacts } from '../../src/views/alert-view.js';
import { plural } from './number-text.js';
import { stepWords } from './invoice-wording.js';
import type { Marks } from './marks.js';

// The words of an approval (an escalation step waiting for its account manager). `who` is the account manager as
// the surface names them (a mention, already marked up).

const invoicesOf = (approval: ApprovalFacts) => plural(approval.invoices.length, 'invoice', 'invoices');

/** The header: "needed", "still needed" (a reminder, on surfaces that keep the request's header) or "decided". */
export function approvalHeader(approval: ApprovalFacts, m: Marks, opts: { reminder?: boolean } = {}): string {
  const decided = approval.status !== 'pending';
  const state = decided ? 'decided' : opts.reminder ? 'still needed' : 'needed';
  return `${m.icon(decided ? 'ballot_box_with_check' : 'raised_hand')} Approval ${state}: ${m.esc(stepWords(approval.step))} to ${m.esc(approval.customerName)}`;
}

/**
 * What arbot is about to send, and what the account manager can do; once decided, only what it was. `who` is
 * called only while the account manager is named (on Teams, naming someone adds a mention to the card).
 */
export function approvalIntro(approval: ApprovalFacts, who: () => string, m: Marks): string {
  const what = `${m.bold(stepWords(approval.step))} reminder to ${m.bold(approval.customerName)} for ${invoicesOf(approval)}`;
  return approval.status !== 'pending'
    ? `The ${what}.`
    : `${who()}: arbot is about to send the ${what}. Approve to send it, refuse with a reason, or take it over yourself.`;
}

export const noInvoiceListed = (m: Marks): string => m.italic('No invoice listed.');

/** Above the lines of recentlyClosedLines. */
export const recentlyClosedHeading = (count: number, m: Marks): string =>
  `${m.icon('warning')} ${m.bold(`A dispute on ${count === 1 ? 'this invoice' : 'these invoices'} closed recently:`)}`;

/** Who decided what. `decidedBy` is a display name, so it is escaped like any user text. */
export function decisionText(approval: ApprovalFacts, m: Marks): string {
  const who = m.esc(approval.decidedBy ?? 'someone');
  switch (approval.status) {
    case 'approved': return `${m.icon('white_check_mark')} ${m.bold('Approved')} by ${who}.`;
    case 'refused': return `${m.icon('no_entry_sign')} ${m.bold('Refused')} by ${who}.`;
    case 'personal': return `${m.icon('raising_hand')} ${who} ${m.bold('is handling it personally')}.`;
    case 'pending': return 'Waiting for a decision.';
  }
}

/** The label over the decider's note. */
export const decisionNoteLabel = 'Note';

export const approverText = (who: string): string => `Account manager: ${who} · only they or a finance approver can decide.`;

export const approvalSummary = (approval: ApprovalFacts, m: Marks): string => (approval.status !== 'pending'
  ? `Approval ${approval.status}: ${m.esc(stepWords(approval.step))} reminder to ${m.esc(approval.customerName)}`
  : `Approval needed: ${m.esc(stepWords(approval.step))} reminder to ${m.esc(approval.customerName)} (${invoicesOf(approval)})`);
