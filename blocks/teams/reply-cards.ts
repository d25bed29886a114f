import type { OwnerRef } from '../../src/views/alert-view.js';
import type { ReplyFacts, UnmatchedReplyFacts } from '../../src/views/reply-view.js';
import {
  replyBody, replyFacts, replyHeader, replyOwnerFact, replyProposals, replyStatus, replySummary,
  unmatchedReplyFacts, unmatchedReplyHeader, unmatchedReplySummary, unmatchedReplyTodo,
} from '../wording/reply-wording.js';
import {
  adaptiveCard, cardBytes, factSet, headerBlock, noteBlock, teamsCardLimits, textBlock, type CardElement, type TeamsCard,
} from './adaptive-card.js';
import { factPairs } from './invoice-text.js';
import { Mentions } from './mentions.js';
import { paragraphs, quotedBox } from './quoted-text.js';
import { replyActions } from './reply-forms.js';
import { escapeTeamsMarkdown, teamsMarks as md, teamsPlainMarks as plain } from './teams-markdown.js';

// A customer's reply as a card in the thread of its invoice's card, and a reply nobody could place. The words are
// blocks/wording/reply-wording.ts, where the customer's words go through `md.esc` (escapeTeamsMarkdown): a link,
// a mention, markdown or HTML in a reply shows as typed.

/**
 * What is left of Teams' payload limit for the quoted text, once the card's other parts are counted (and room for
 * the quote's own box and a line saying what did not fit).
 */
const quoteBudget = (others: readonly CardElement[], summary: string, mentions: Mentions) =>
  teamsCardLimits.payloadBytes - cardBytes(adaptiveCard(others, { fallbackText: summary, mentions: mentions.entities })) - 600;

/** `owner`: the owner line under the header (none on the full reply, which has no owner to name). */
function replyCard(reply: ReplyFacts, notice: readonly CardElement[], owner: readonly CardElement[], mentions: Mentions): TeamsCard {
  const proposals = replyProposals(reply, md);
  const before = [...notice, headerBlock(replyHeader(reply, md)), ...owner, factSet(factPairs(replyFacts(reply, md)))];
  const after = [
    ...(proposals.length === 0 ? [] : [textBlock(proposals.join('\n\n'))]),
    textBlock(paragraphs(replyStatus(reply, md)), { size: 'Small' }),
    replyActions(reply),
  ];
  const summary = replySummary(reply, plain);
  const { box, left } = quotedBox(replyBody(reply, md), quoteBudget([...before, ...after], summary, mentions));
  const cut = left === 0 ? [] : [noteBlock(`…${left.toLocaleString('en-US')} more characters are too long for a Teams card: read them in the email.`)];
  return { card: adaptiveCard([...before, box, ...cut, ...after], { fallbackText: summary, mentions: mentions.entities }), summary };
}

/**
 * A customer's reply to a reminder, for its owner (mentioned): who wrote, the start of what they wrote, what it
 * seems to say (proposals, applied only by a click), where it stands, and the reply's controls.
 * @example buildCustomerReplyCard(reply, ana, new Mentions(), []).card.body.at(-1) // the Reply / Log promise / … actions
 */
export function buildCustomerReplyCard(reply: ReplyFacts, owner: OwnerRef | null, mentions: Mentions, notice: CardElement[]): TeamsCard {
  const f = replyOwnerFact(mentions.name(owner));
  return replyCard(reply, notice, [textBlock(`${md.strong(`${f.label}:`)} ${f.value}`)], mentions);
}

/**
 * The reply whole ("Full reply"), as the answer to that click: the same card with the uncut text (as much as a
 * Teams card holds) and the same controls, so the clicker can act on it from there.
 */
export function buildFullReplyCard(reply: ReplyFacts, fullText: string): TeamsCard {
  return replyCard({ ...reply, text: fullText, cut: false }, [], [], new Mentions());
}

/** A customer email arbot could not place: for finance to route by hand (no buttons: nothing to act on yet). */
export function buildUnmatchedReplyCard(reply: UnmatchedReplyFacts, notice: CardElement[]): TeamsCard {
  const excerpt = reply.excerpt.trim() === '' ? [] : [quotedBox(escapeTeamsMarkdown(reply.excerpt), teamsCardLimits.payloadBytes / 2).box];
  const body: CardElement[] = [
    ...notice,
    headerBlock(unmatchedReplyHeader(md)),
    factSet(factPairs(unmatchedReplyFacts(reply, md))),
    ...excerpt,
    textBlock(unmatchedReplyTodo(md)),
  ];
  const summary = unmatchedReplySummary(reply, plain);
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}
