import type { ChangeRequestFacts } from '../../src/views/alert-view.js';
import { inputIds, teamsVerbs } from './action-data.js';
import { actionSet, adaptiveCard, execute, headerBlock, noteBlock, showCard, textBlock, textInput, type CardElement, type TeamsCard } from './adaptive-card.js';
import { quoteBox } from './dispute-cards.js';
import { invoiceLine } from './invoice-text.js';
import { bold, escapeTeamsMarkdown } from './teams-markdown.js';

/** Approve, and Refuse with a reason in a small form, carrying the request's id. */
export function changeRequestActions(request: ChangeRequestFacts): CardElement {
  const data = { r: request.requestId };
  return actionSet([
    execute('Approve', teamsVerbs.approveChange, data, 'positive'),
    showCard('Refuse', [
      textInput(inputIds.refuseReason, 'Reason', { maxLength: 1000, multiline: true, placeholder: 'Why collection should go on', required: 'Say why you refuse, for the audit trail' }),
    ], execute('Refuse', teamsVerbs.refuseChange, data, 'destructive')),
  ]);
}

/**
 * A pause or promise past the limits, to finance, from the same view model as Slack's message. Pending: Approve /
 * Refuse (nothing stops meanwhile). Decided: who decided, no buttons.
 */
export function buildChangeRequestCard(request: ChangeRequestFacts, notice: CardElement[]): TeamsCard {
  const decided = request.status !== 'pending';
  const kind = request.change === 'pause' ? 'pause' : 'promise';
  const body: CardElement[] = [
    ...notice,
    headerBlock(`${decided ? '☑️ Finance decided' : '✋ Finance approval needed'}: ${kind} for ${escapeTeamsMarkdown(request.invoice.customerName)}`),
    textBlock(`${bold(request.requestedBy)} asks to ${bold(request.what)} for ${bold(request.invoice.customerName)} · ${invoiceLine(request.invoice)}.`),
    textBlock(`It needs a finance approver: ${escapeTeamsMarkdown(request.limitReason)}.`),
  ];
  if (request.note.trim() !== '') body.push(textBlock(request.change === 'pause' ? '**Reason:**' : '**Note:**'), quoteBox(request.note));
  if (decided) {
    const by = escapeTeamsMarkdown(request.decidedBy ?? 'someone');
    body.push(noteBlock(request.status === 'approved' ? `✅ **Approved** by ${by}: it is in effect.` : `🚫 **Refused** by ${by}: nothing changed.`));
    if (request.decisionNote !== null && request.decisionNote.trim() !== '') body.push(textBlock('**Decision note:**'), quoteBox(request.decisionNote));
  } else {
    body.push(noteBlock('Nothing changes until a finance approver approves · only a finance approver can decide.'), changeRequestActions(request));
  }
  const summary = decided
    ? `Finance ${request.status}: ${request.what} for ${request.invoice.customerName}`
    : `Finance approval needed: ${request.requestedBy} asks to ${request.what} for ${request.invoice.customerName}`;
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}
