import { replyControls } from '../../src/views/card-controls.js';
import { type OwnerRef } from '../../src/views/alert-view.js';
import { actionIds } from '../../src/views/control-ids.js';
import type { ReplyFacts, UnmatchedReplyFacts } from '../../src/views/reply-view.js';
import {
  replyBody, replyFacts, replyHeader, replyOwnerFact, replyProposals, replyStatus, replySummary,
  unmatchedReplyFacts, unmatchedReplyHeader, unmatchedReplySummary, unmatchedReplyTodo,
} from '../wording/reply-wording.js';
import { replyInvoiceValue, replyValue } from './action-value.js';
import {
  actionsBlock, blockKitLimits, button, contextBlock, fieldsBlock, headerBlock, sectionBlock, type KnownBlock, type SlackMessage,
} from './block-kit.js';
import { fieldText } from './invoice-text.js';
import { mention, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';
import { mrkdwnChunks } from './mrkdwn-chunks.js';

// A customer's reply in Block Kit, posted in the thread of its invoice's message, and a reply nobody could place.
// The words are blocks/wording/reply-wording.ts; the customer's text is escaped there (`md.esc`), so a link, a
// mention, mrkdwn or HTML in it shows as typed.

const fallback = (text: string) => truncate(text, blockKitLimits.fallbackText);

/**
 * Escaped text as a mrkdwn quote, in as many sections as the 3,000-character limit needs (escaping can make the
 * 1,500 characters a card shows five times longer).
 */
export const quotedSections = (escaped: string): KnownBlock[] =>
  mrkdwnChunks(escaped, blockKitLimits.sectionText, { quote: true }).map((t) => sectionBlock(t));

/**
 * The reply's controls (src/views/card-controls.ts) as buttons: `{"rp":..}`, or `{"i":..,"rp":..}` for the promise
 * and dispute forms, which need the invoice and are pre-filled from the reply.
 */
export function replyActions(reply: ReplyFacts): KnownBlock {
  const withInvoice = new Set<string>([actionIds.logPromise, actionIds.openDispute]);
  const value = (id: string) => (withInvoice.has(id) && reply.invoice !== null
    ? replyInvoiceValue(reply.invoice.invoiceId, reply.replyId)
    : replyValue(reply.replyId));
  return actionsBlock(replyControls(reply).map((c) => button({ text: c.label, actionId: c.id, value: value(c.id), ...(c.style ? { style: c.style } : {}) })), 'arbot.reply_actions');
}

/** A customer's reply: who wrote, what they wrote (quoted), what it seems to say, where it stands, what to do. */
export function buildCustomerReplyAlert(reply: ReplyFacts, owner: OwnerRef | null): SlackMessage {
  const proposals = replyProposals(reply, md);
  const blocks: KnownBlock[] = [
    headerBlock(replyHeader(reply, plain)),
    fieldsBlock([...replyFacts(reply, md), replyOwnerFact(mention(owner))].map(fieldText)),
    ...quotedSections(replyBody(reply, md)),
    ...(proposals.length === 0 ? [] : [sectionBlock(proposals.join('\n'))]),
    contextBlock([replyStatus(reply, md)]),
    replyActions(reply),
  ];
  return { text: fallback(replySummary(reply, md)), blocks };
}

/** A reply arbot could not place: for finance to route by hand (no buttons: there is nothing to act on yet). */
export function buildUnmatchedReplyAlert(reply: UnmatchedReplyFacts): SlackMessage {
  return {
    text: fallback(unmatchedReplySummary(reply, md)),
    blocks: [
      headerBlock(unmatchedReplyHeader(plain)),
      fieldsBlock(unmatchedReplyFacts(reply, md).map(fieldText)),
      ...(reply.excerpt.trim() === '' ? [] : quotedSections(md.esc(reply.excerpt))),
      sectionBlock(unmatchedReplyTodo(md)),
    ],
  };
}
