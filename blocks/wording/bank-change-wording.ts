import type { BankChangeFacts } from '../../src/views/alert-view.js';
import type { Marks } from './marks.js';

// The words of a change of the bank details customers pay to, waiting for a finance approver.

export function bankChangeHeader(change: BankChangeFacts, m: Marks): string {
  const state = change.status === 'pending' ? `${m.icon('rotating_light')} Finance approval needed` : `${m.icon('ballot_box_with_check')} Finance decided`;
  return `${state}: new ${change.currency} bank details`;
}

/** Who loaded it and when, and what it means for customers. */
export const bankChangeAsk = (change: BankChangeFacts, m: Marks): string =>
  `${m.bold(change.requestedBy)} loaded new ${m.bold(change.currency)} payment details on ${m.esc(change.requestedAt)}. ${
    change.accountChanged
      ? `Customers would pay into ${m.strong('another account')}: check it with the bank before approving.`
      : 'The bank account stays the same.'}`;

/** Before and after, masked. */
export const bankChangeBefore = (change: BankChangeFacts, m: Marks): string => `${m.strong('Now:')} ${m.esc(change.before)}`;
export const bankChangeAfter = (change: BankChangeFacts, m: Marks): string => `${m.strong('New:')} ${m.esc(change.after)}`;

/** Methods, links, limits or the phone number that change too, one per line; empty when none. */
export const bankChangeOthers = (change: BankChangeFacts, m: Marks): string =>
  change.otherChanges.map((c) => `• ${m.esc(c)}`).join('\n');

export const bankChangePendingText = 'Customers see the current details until a finance approver approves · only a finance approver other than who loaded it can decide.';

/** Once decided: who, and what it means. */
export function bankChangeDecisionText(change: BankChangeFacts, m: Marks): string {
  const by = m.esc(change.decidedBy ?? 'someone');
  switch (change.status) {
    case 'approved':
      return `${m.icon('white_check_mark')} ${m.bold('Approved')} by ${by}: customers see the new details${
        change.accountChanged ? `, with a notice to confirm them by phone at ${m.esc(change.phoneToConfirm)}` : ''}.`;
    case 'superseded': return `${m.icon('no_entry_sign')} ${m.bold('Replaced')} by a later load: nothing changed.`;
    default: return `${m.icon('no_entry_sign')} ${m.bold('Refused')} by ${by}${
      change.refusalReason ? `: ${m.cut(m.esc(change.refusalReason), 500)}` : ''}. Nothing changed.`;
  }
}

/** The notification line, unescaped (each surface escapes it whole). */
export const bankChangeSummary = (change: BankChangeFacts): string => (change.status === 'pending'
  ? `Finance approval needed: new ${change.currency} bank details loaded by ${change.requestedBy}`
  : `Finance ${change.status}: new ${change.currency} bank details`);

/** The refusal form (Slack's modal, Teams' inline form): the reason is shown on the card and kept in the audit trail. */
export const bankChangeRefuseIntro = (change: Pick<BankChangeFacts, 'currency' | 'requestedBy'>, m: Marks): string =>
  `The new ${m.esc(change.currency)} bank details loaded by ${m.bold(change.requestedBy)} will not be used: customers keep paying into the current account. The reason is shown on the card and kept in the audit trail.`;
export const bankChangeRefuseLabel = 'Reason';
export const bankChangeRefusePlaceholder = 'Why these bank details are refused';
