import type { ChangeRequestFacts } from '../../src/views/alert-view.js';
import { invoiceLine } from './invoice-wording.js';
import type { Marks } from './marks.js';

// The words of a change (a long pause, a far promise) waiting for a finance approver.

export function changeRequestHeader(request: ChangeRequestFacts, m: Marks): string {
  const state = request.status !== 'pending' ? `${m.icon('ballot_box_with_check')} Finance decided` : `${m.icon('raised_hand')} Finance approval needed`;
  return `${state}: ${request.change === 'pause' ? 'pause' : 'promise'} for ${m.esc(request.invoice.customerName)}`;
}

/** Who asks for what, on which invoice. */
export const changeRequestAsk = (request: ChangeRequestFacts, m: Marks): string =>
  `${m.bold(request.requestedBy)} asks to ${m.bold(request.what)} for ${m.bold(request.invoice.customerName)} · ${invoiceLine(request.invoice, m)}.`;

/** Why it needs a finance approver. */
export const changeRequestLimit = (request: ChangeRequestFacts, m: Marks): string => `It needs a finance approver: ${m.esc(request.limitReason)}.`;

/** The label over the requester's own words. */
export const changeRequestNoteLabel = (request: ChangeRequestFacts): string => (request.change === 'pause' ? 'Reason' : 'Note');

/** Once decided: who, and what it means. */
export function changeDecisionText(request: ChangeRequestFacts, m: Marks): string {
  const by = m.esc(request.decidedBy ?? 'someone');
  return request.status === 'approved'
    ? `${m.icon('white_check_mark')} ${m.bold('Approved')} by ${by}: it is in effect.`
    : `${m.icon('no_entry_sign')} ${m.bold('Refused')} by ${by}: nothing changed.`;
}

export const decisionNoteLabel = 'Decision note';

export const changeRequestPendingText = 'Nothing changes until a finance approver approves · only a finance approver can decide.';

/** The notification line, unescaped (each surface escapes it whole). */
export const changeRequestSummary = (request: ChangeRequestFacts): string => (request.status !== 'pending'
  ? `Finance ${request.status}: ${request.what} for ${request.invoice.customerName}`
  : `Finance approval needed: ${request.requestedBy} asks to ${request.what} for ${request.invoice.customerName}`);
