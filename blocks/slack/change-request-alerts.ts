import { type ChangeRequestFacts } from '../../src/views/alert-view.js';
import { actionIds } from '../../src/views/control-ids.js';
import { changeRequestValue } from './action-value.js';
import { actionsBlock, blockKitLimits, button, contextBlock, headerBlock, literalTextBlock, sectionBlock, type KnownBlock, type ModalView, type SlackMessage } from './block-kit.js';
import { escapeMrkdwn, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';
import {
  changeDecisionText, changeRequestAsk, changeRequestHeader, changeRequestLimit, changeRequestNoteLabel, changeRequestPendingText,
  changeRequestSummary, decisionNoteLabel,
} from '../wording/change-request-wording.js';

/** Approve and Refuse (Refuse opens the reason modal), carrying the request's id. */
export function changeRequestActions(request: ChangeRequestFacts): KnownBlock {
  const value = changeRequestValue(request.requestId);
  return actionsBlock([
    button({ text: 'Approve', actionId: actionIds.approveChange, value, style: 'primary' }),
    button({ text: 'Refuse', actionId: actionIds.refuseChange, value, style: 'danger' }),
  ], 'arbot.change_actions');
}

/**
 * A pause or promise past the limits, to finance: who asked for what on which invoice, and why it needs a finance
 * approver. Pending: Approve / Refuse, and nothing stops meanwhile. Decided: who decided, no buttons.
 */
export function buildChangeRequestAlert(request: ChangeRequestFacts): SlackMessage {
  const blocks: KnownBlock[] = [
    headerBlock(changeRequestHeader(request, plain)),
    sectionBlock(`${changeRequestAsk(request, md)}\n${changeRequestLimit(request, md)}`),
  ];
  if (request.note.trim() !== '') blocks.push(literalTextBlock(request.note, { label: changeRequestNoteLabel(request) }));
  if (request.status !== 'pending') {
    blocks.push(contextBlock([changeDecisionText(request, md)]));
    if (request.decisionNote !== null && request.decisionNote.trim() !== '') blocks.push(literalTextBlock(request.decisionNote, { label: decisionNoteLabel }));
  } else {
    blocks.push(contextBlock([changeRequestPendingText]), changeRequestActions(request));
  }
  return { text: truncate(escapeMrkdwn(changeRequestSummary(request)), blockKitLimits.fallbackText), blocks };
}
