import { actionIds, type ChangeRequestFacts } from '../../src/views/alert-view.js';
import { changeRequestValue } from './action-value.js';
import { actionsBlock, blockKitLimits, button, contextBlock, headerBlock, literalTextBlock, sectionBlock, type KnownBlock, type ModalView, type SlackMessage } from './block-kit.js';
import { invoiceLine } from './invoice-text.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

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
  const customer = escapeMrkdwn(request.invoice.customerName);
  const who = escapeMrkdwn(request.requestedBy);
  const what = escapeMrkdwn(request.what);
  const decided = request.status !== 'pending';
  const blocks: KnownBlock[] = [
    headerBlock(`${decided ? ':ballot_box_with_check: Finance decided' : ':raised_hand: Finance approval needed'}: ${request.change === 'pause' ? 'pause' : 'promise'} for ${request.invoice.customerName}`),
    sectionBlock(`*${who}* asks to *${what}* for *${customer}* · ${invoiceLine(request.invoice)}.\nIt needs a finance approver: ${escapeMrkdwn(request.limitReason)}.`),
  ];
  if (request.note.trim() !== '') blocks.push(literalTextBlock(request.note, { label: request.change === 'pause' ? 'Reason' : 'Note' }));
  if (decided) {
    const by = escapeMrkdwn(request.decidedBy ?? 'someone');
    blocks.push(contextBlock([request.status === 'approved' ? `:white_check_mark: *Approved* by ${by}: it is in effect.` : `:no_entry_sign: *Refused* by ${by}: nothing changed.`]));
    if (request.decisionNote !== null && request.decisionNote.trim() !== '') blocks.push(literalTextBlock(request.decisionNote, { label: 'Decision note' }));
  } else {
    blocks.push(contextBlock(['Nothing changes until a finance approver approves · only a finance approver can decide.']), changeRequestActions(request));
  }
  const text = decided
    ? `Finance ${request.status}: ${request.what} for ${request.invoice.customerName}`
    : `Finance approval needed: ${request.requestedBy} asks to ${request.what} for ${request.invoice.customerName}`;
  return { text: truncate(escapeMrkdwn(text), blockKitLimits.fallbackText), blocks };
}
