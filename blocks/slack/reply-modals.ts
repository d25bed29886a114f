import { answerBodyMaxLength } from '../../src/domain/reply-answer-email.js';
import type { ReplyFacts } from '../../src/views/reply-view.js';
import { replyFacts } from '../wording/reply-wording.js';
import { blockKitLimits, contextBlock, fieldsBlock, plainText, sectionBlock, type KnownBlock, type ModalView } from './block-kit.js';
import { fieldText } from './invoice-text.js';
import { escapeMrkdwn, mrkdwnMarks as md, truncate } from './mrkdwn.js';
import { mrkdwnChunks } from './mrkdwn-chunks.js';
import { input, modal, modalInputs, textInput } from './modals.js';

// The modals about a customer's reply: the answer to it (a form), and the reply whole (read only). The customer's
// words are escaped (`escapeMrkdwn`), so nothing in them is a link, a mention or formatting.

/** How much of the reply the answer form shows while writing (escaped characters). */
const replyStartShown = 600;
/**
 * Longest answer the Slack form takes. The core takes up to 10,000 characters (reply_answers.body), but Slack
 * refuses a plain_text_input whose max_length passes 3,000, so an answer written in Slack stops there.
 */
export const answerMaxLength = Math.min(answerBodyMaxLength, blockKitLimits.inputMaxLength);

/** "To: ap@acme.example, cfo@acme.example": who the answer goes to, as the core found them. */
const toLine = (to: readonly string[]) => `*To:* ${to.length === 0 ? '_no billing contact_' : escapeMrkdwn(to.join(', '))}`;

/**
 * Answer a customer's reply by email: who it goes to, the start of what they wrote, and the answer (up to
 * `answerMaxLength` characters). `privateMetadata` is `{"rp":..}`.
 */
export function buildAnswerReplyModal(reply: ReplyFacts, to: readonly string[], privateMetadata: string): ModalView {
  const wrote = reply.text.trim() === '' ? '_(no text)_' : truncate(escapeMrkdwn(reply.text), replyStartShown);
  return modal('answerReply', 'Answer the customer', 'Send answer', privateMetadata, [
    sectionBlock(toLine(to)),
    contextBlock([`*${escapeMrkdwn(reply.from)}* wrote (${escapeMrkdwn(reply.receivedAt)}):\n${wrote}`]),
    input(modalInputs.answerReply.body, 'Your answer', textInput(answerMaxLength, true, 'Write to the customer'), {
      hint: 'Sent by email to the customer\'s billing contacts, in the thread of their reply. It is kept with the reply.',
    }),
  ]);
}

/**
 * A customer's reply whole ("Full reply"): its facts, then its text escaped in sections of at most 3,000
 * characters. A text past what a modal holds (100 blocks) is cut, and says so.
 */
export function buildFullReplyModal(reply: ReplyFacts, fullText: string): ModalView {
  const head: KnownBlock[] = [fieldsBlock(replyFacts(reply, md).map(fieldText))];
  const chunks = fullText.trim() === '' ? ['_(no text)_'] : mrkdwnChunks(escapeMrkdwn(fullText), blockKitLimits.sectionText);
  const room = blockKitLimits.viewBlocks - head.length - 1;
  const text = chunks.length <= room ? chunks : [...chunks.slice(0, room), '_… the rest is too long to show here; it is kept with the reply._'];
  return {
    type: 'modal',
    title: plainText('Customer reply', blockKitLimits.viewTitle),
    close: plainText('Close', blockKitLimits.viewButton),
    blocks: [...head, ...text.map((t) => sectionBlock(t))],
  };
}
