import { customerDisputeReasonLabels } from '../../src/domain/customer-dispute.js';
import type { ReplyFacts, ReplyHandling, UnmatchedReplyFacts } from '../../src/views/reply-view.js';
import type { Fact } from './invoice-wording.js';
import type { Marks } from './marks.js';

// A customer's reply in chat, and a reply nobody could place. The customer's words (from, subject, text, evidence)
// are data: always through `m.esc`, so an HTML tag, a mrkdwn link or a card's markdown in a reply shows as typed.

export const replyHeader = (r: ReplyFacts, m: Marks): string => `${m.icon('inbox_tray')} Reply from ${m.esc(r.customerName)}`;

const matchedWords: Readonly<Record<ReplyFacts['matchedBy'], string>> = {
  token: 'a reply to our reminder',
  thread: 'a reply in the thread of our reminder',
  sender: 'from a billing contact (not a reply to a known reminder)',
};

export const replyFacts = (r: ReplyFacts, m: Marks): Fact[] => [
  { label: 'From', value: m.esc(r.from) },
  { label: 'Subject', value: r.subject === '' ? 'none' : m.esc(r.subject) },
  { label: 'Received', value: m.esc(r.receivedAt) },
  { label: 'Invoices', value: r.invoiceNumbers.length === 0 ? 'none open' : m.esc(r.invoiceNumbers.join(', ')) },
  { label: 'How arbot knew', value: matchedWords[r.matchedBy] },
  ...(r.attachments.length === 0 ? [] : [{
    label: 'Attachments',
    value: r.attachments.map((a) => `${m.esc(a.name)} (${m.esc(a.size)}${a.kept ? '' : ', too large to keep'})`).join(', '),
  }]),
];

/** The reply's text as a surface quotes it; "(no text)" for an empty one. */
export const replyBody = (r: ReplyFacts, m: Marks): string =>
  r.text.trim() === '' ? m.italic('(no text)') : `${m.esc(r.text)}${r.cut ? ` ${m.italic('… (cut: "Full reply" shows it all)')}` : ''}`;

/** What detection read, as proposals: nothing is applied until someone clicks. Empty when it read nothing. */
export function replyProposals(r: ReplyFacts, m: Marks): string[] {
  const lines: string[] = [];
  const p = r.proposal;
  if (p.promise) lines.push(`${m.icon('memo')} Looks like a promise to pay${p.promise.amount ? ` ${m.esc(p.promise.amount)}` : ''} on ${m.bold(p.promise.date)}: "Log promise" fills it in.`);
  if (p.dispute) lines.push(`${m.icon('warning')} Looks like a dispute (${m.esc(customerDisputeReasonLabels[p.dispute.reason].toLowerCase())}): "${m.esc(p.dispute.evidence)}". "Open dispute" fills it in.`);
  if (p.alreadyPaid) {
    const when = p.alreadyPaid.date ? ` on ${m.esc(p.alreadyPaid.date)}` : '';
    const ref = p.alreadyPaid.reference ? `, reference ${m.esc(p.alreadyPaid.reference)}` : '';
    lines.push(`${m.icon('mag')} Says it is already paid${when}${ref}: check the bank before answering.`);
  }
  return lines;
}

const handledWords: Readonly<Record<ReplyHandling, string>> = {
  answered: 'answered',
  promise: 'logged a promise from it',
  dispute: 'opened a dispute from it',
  resumed: 'resumed reminders',
  done: 'marked it done',
};

/** Where the reply stands: paused reminders, answers sent, and who dealt with it. */
export function replyStatus(r: ReplyFacts, m: Marks): string {
  const parts: string[] = [];
  if (r.handled) parts.push(`${m.icon('white_check_mark')} ${m.esc(r.handled.by)} ${handledWords[r.handled.how]} (${m.esc(r.handled.at)})`);
  else parts.push(`${m.icon('hourglass')} Waiting for an owner`);
  for (const a of r.answers) {
    const state = a.status === 'sent' ? 'answer sent' : a.status === 'sending' || a.status === 'queued' ? 'answer being sent' : a.status === 'failed' ? 'answer NOT sent' : 'answer may not have been sent';
    parts.push(`${m.icon('envelope')} ${m.esc(a.by)}: ${state} (${m.esc(a.at)})`);
  }
  parts.push(r.pausedUntil
    ? `${m.icon('double_vertical_bar')} Reminders paused until ${m.bold(r.pausedUntil)} because of this reply`
    : 'Reminders are not paused by this reply');
  return parts.join('\n');
}

export const replySummary = (r: ReplyFacts, m: Marks): string => `Reply from ${m.esc(r.customerName)}: ${m.cut(m.esc(r.subject || r.text), 80)}`;

export const unmatchedReplyHeader = (m: Marks): string => `${m.icon('mag')} Customer email arbot could not place`;

export const unmatchedReplyFacts = (r: UnmatchedReplyFacts, m: Marks): Fact[] => [
  { label: 'From', value: m.esc(r.from) },
  { label: 'Subject', value: r.subject === '' ? 'none' : m.esc(r.subject) },
  { label: 'Received', value: m.esc(r.receivedAt) },
];

export const unmatchedReplyTodo = (m: Marks): string =>
  `${m.bold('What to do:')} it came to the reply address but names no reminder arbot sent, and its sender is not the billing contact of exactly one customer. Forward it to the account manager, and add the sender as a billing contact in the ERP if it is one.`;

export const unmatchedReplySummary = (r: UnmatchedReplyFacts, m: Marks): string =>
  `Unplaced customer email from ${m.esc(r.from)}: ${m.cut(m.esc(r.subject), 80)}`;

/** Who the reply is for, as a surface names them (a mention, or the escaped name; "no owner"). */
export const replyOwnerFact = (owner: string): Fact => ({ label: 'Owner', value: owner });
