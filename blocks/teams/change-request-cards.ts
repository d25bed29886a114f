import type { ChangeRequestFacts } from '../../src/views/alert-view.js';
import { inputIds, teamsVerbs } from './action-data.js';
import { actionSet, adaptiveCard, execute, headerBlock, noteBlock, showCard, textBlock, textInput, type CardElement, type TeamsCard } from './adaptive-card.js';
import { quoteBox } from './dispute-cards.js';
import {
  changeDecisionText, changeRequestAsk, changeRequestHeader, changeRequestLimit, changeRequestNoteLabel, changeRequestPendingText,
  changeRequestSummary, decisionNoteLabel,
} from '../wording/change-request-wording.js';
import { teamsMarks as md } from './teams-markdown.js';

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
  const body: CardElement[] = [
    ...notice,
    headerBlock(changeRequestHeader(request, md)),
    textBlock(changeRequestAsk(request, md)),
    textBlock(changeRequestLimit(request, md)),
  ];
  if (request.note.trim() !== '') body.push(textBlock(md.strong(`${changeRequestNoteLabel(request)}:`)), quoteBox(request.note));
  if (request.status !== 'pending') {
    body.push(noteBlock(changeDecisionText(request, md)));
    if (request.decisionNote !== null && request.decisionNote.trim() !== '') body.push(textBlock(md.strong(`${decisionNoteLabel}:`)), quoteBox(request.decisionNote));
  } else {
    body.push(noteBlock(changeRequestPendingText), changeRequestActions(request));
  }
  const summary = changeRequestSummary(request);
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}
