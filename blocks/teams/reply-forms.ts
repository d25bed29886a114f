import { answerBodyMaxLength } from '../../src/domain/reply-answer-email.js';
import { actionIds } from '../../src/views/control-ids.js';
import { replyControls } from '../../src/views/card-controls.js';
import { replyFormPrefill, type ReplyFacts } from '../../src/views/reply-view.js';
import { inputIds, teamsVerbs } from './action-data.js';
import { actionSet, execute, noteBlock, showCard, textInput, type ActionSet, type CardAction, type ShowCardAction } from './adaptive-card.js';
import { disputeForm, promiseForm, type FromReply } from './invoice-forms.js';
import { teamsMarks as md } from './teams-markdown.js';

// The controls of a customer's reply as Teams draws them: "Reply", "Log promise" and "Open dispute" unfold their
// form on the card (pre-filled from what was read in the reply); the others are one click. Every submission carries
// the reply (`rp`), and the promise and dispute ones the invoice (`i`) too.

/** The longest answer arbot sends (src/chat/chat-action.ts reads `reply_body` up to this; reply_answers checks it). */
export const replyAnswerMaxLength = answerBodyMaxLength;


/** "Reply": the answer, sent by email to the customer's billing contacts, threaded on their reply. */
export function answerReplyForm(reply: ReplyFacts, title: string): ShowCardAction {
  return showCard(title, [
    noteBlock(`${md.icon('envelope')} Sent by email to the billing contacts of ${md.esc(reply.customerName)}, as an answer to their email.`),
    textInput(inputIds.replyBody, 'Your answer', {
      maxLength: replyAnswerMaxLength, multiline: true, required: 'Write the answer to send', placeholder: 'What the customer will read',
    }),
  ], execute('Send answer', teamsVerbs.answerReply, { rp: reply.replyId }, 'positive'));
}

/** The reply's controls (src/views/card-controls.ts: replyControls), in the order and with the labels given there. */
export function replyActions(reply: ReplyFacts): ActionSet {
  const from = (title: string): FromReply => ({ prefill: replyFormPrefill(reply), title });
  const invoice = reply.invoice;
  return actionSet(replyControls(reply).map((c): CardAction => {
    if (c.id === actionIds.answerReply) return answerReplyForm(reply, c.label);
    // replyControls offers these two only with an invoice.
    if (c.id === actionIds.logPromise && invoice) return promiseForm(invoice, from(c.label));
    if (c.id === actionIds.openDispute && invoice) return disputeForm(invoice, from(c.label));
    return execute(c.label, c.id, { rp: reply.replyId }, c.style === 'primary' ? 'positive' : c.style === 'danger' ? 'destructive' : undefined);
  }));
}
