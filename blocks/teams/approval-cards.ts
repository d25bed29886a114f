import type { ApprovalFacts } from '../../src/views/alert-view.js';
import { inputIds, teamsVerbs } from './action-data.js';
import {
  actionSet, adaptiveCard, execute, headerBlock, noteBlock, showCard, textBlock, textInput, type CardElement, type TeamsCard,
} from './adaptive-card.js';
import { quoteBox } from './dispute-cards.js';
import { recentlyClosedLines, sentBeforeText } from '../invoice-wording.js';
import { instantText, invoiceLine, listText, stepLabel } from './invoice-text.js';
import type { Mentions } from './mentions.js';
import { bold, escapeTeamsMarkdown } from './teams-markdown.js';

/** Invoices listed in full on an approval; the rest are counted. */
export const approvalInvoiceLines = 20;

/** Approve, Refuse (with a reason, in a small form) and "I'll handle it personally", carrying the email's id. */
export function approvalActions(approval: ApprovalFacts): CardElement {
  const data = { e: approval.emailId };
  return actionSet([
    execute('Approve', teamsVerbs.approveEscalation, data, 'positive'),
    showCard('Refuse', [
      textInput(inputIds.refuseReason, 'Reason', { maxLength: 1000, multiline: true, placeholder: 'Why it should not go out', required: 'Say why you refuse, for the audit trail' }),
    ], execute('Refuse', teamsVerbs.refuseEscalation, data, 'destructive')),
    execute("I'll handle it personally", teamsVerbs.handlePersonally, data),
  ]);
}

function decisionText(approval: ApprovalFacts): string {
  const who = escapeTeamsMarkdown(approval.decidedBy ?? 'someone');
  switch (approval.status) {
    case 'approved': return `✅ **Approved** by ${who}.`;
    case 'refused': return `🚫 **Refused** by ${who}.`;
    case 'personal': return `🙋 ${who} **is handling it personally**.`;
    case 'pending': return 'Waiting for a decision.';
  }
}

/**
 * An approval-gated step for a top or strategic account, to its account manager. Pending: the three decisions.
 * Decided: no buttons at all, only who decided and their note. A reminder (still undecided after the delay) says
 * how long it has waited, with the same buttons.
 */
export function buildApprovalCard(
  approval: ApprovalFacts, mentions: Mentions, notice: CardElement[], reminder?: { requestedAt: string; waitingHours: number },
): TeamsCard {
  const step = stepLabel(approval.step);
  const n = approval.invoices.length;
  const decided = approval.status !== 'pending';
  const invoices = `${n} invoice${n === 1 ? '' : 's'}`;
  const body: CardElement[] = [
    ...notice,
    headerBlock(`${decided ? '☑️' : '✋'} Approval ${decided ? 'decided' : reminder ? 'still needed' : 'needed'}: ${step} to ${escapeTeamsMarkdown(approval.customerName)}`),
    ...(reminder && !decided ? [textBlock(`⏰ Waiting for ${Math.floor(reminder.waitingHours)} h, since ${instantText(reminder.requestedAt)}.`, { color: 'Warning' })] : []),
    textBlock(decided
      ? `The **${step}** reminder to ${bold(approval.customerName)} for ${invoices}.`
      : `${mentions.name(approval.owner)}: arbot is about to send the **${step}** reminder to ${bold(approval.customerName)} for ${invoices}. Approve to send it, refuse with a reason, or take it over yourself.`),
    textBlock(n === 0 ? '_No invoice listed._' : listText(approval.invoices.map(invoiceLine), { maxItems: approvalInvoiceLines, noun: ['invoice', 'invoices'] })),
  ];
  body.push(noteBlock(sentBeforeText(approval.sentBefore, approval.customerName, escapeTeamsMarkdown)));
  const closed = recentlyClosedLines(approval.invoices, escapeTeamsMarkdown);
  if (closed.length > 0) {
    body.push(textBlock(`⚠️ **A dispute on ${closed.length === 1 ? 'this invoice' : 'these invoices'} closed recently:**`, { color: 'Warning' }),
      textBlock(listText(closed, { maxItems: 5, noun: ['invoice', 'invoices'] })));
  }
  if (decided) {
    body.push(noteBlock(decisionText(approval)));
    if (approval.decisionNote !== null && approval.decisionNote.trim() !== '') body.push(textBlock('**Note:**'), quoteBox(approval.decisionNote));
  } else {
    body.push(noteBlock(`Account manager: ${mentions.name(approval.owner)} · only they or a finance approver can decide.`), approvalActions(approval));
  }
  const plainStep = approval.step.replace(/_/g, ' ');
  const summary = decided
    ? `Approval ${approval.status}: ${plainStep} reminder to ${approval.customerName}`
    : `Approval needed: ${plainStep} reminder to ${approval.customerName} (${invoices})`;
  return { card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary };
}
