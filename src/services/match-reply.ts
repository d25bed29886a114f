import { dateInZone } from '../domain/calendar-date.js';
import type { InboundReply } from '../domain/inbound-parse.js';
import { verifyReplyToken } from '../domain/reply-address.js';
import { decideReplyMatch, readReplyKeys, type ReplyMatch } from '../domain/reply-matching.js';
import { replyHoldCreatedBy, replyHoldReason, replyPauseUntil } from '../domain/reply-pause.js';
import type { LinkSecret } from '../domain/signed-id-token.js';
import { headerOf, parseHeaderBlock } from '../domain/inbound-email.js';
import { storeUnderstanding } from '../domain/replies/reply-proposal.js';
import { understandReply } from '../domain/replies/understand-reply.js';
import type { RecordedMatch, ReplyMatchStore, ReplyPause } from '../ports/reply-matching.js';
import { recordBounceReply, type BounceReplyDeps } from './record-bounce-reply.js';
import { replyPlainText } from './reply-text.js';

export interface ReplyMatchingDeps {
  readonly store: ReplyMatchStore;
  /** The secret reply tokens are signed with (LINK_SECRET or the generated one). */
  readonly secret: LinkSecret;
  /** INBOUND_DOMAIN: only addresses at this domain carry tokens; unset, replies match by thread or sender. */
  readonly inboundDomain: string | undefined;
  /** REPLY_PAUSE_DAYS. */
  readonly pauseDays: number;
  /** The bounce path for delivery status notifications; absent, they are only recorded as machine mail. */
  readonly bounces?: BounceReplyDeps;
}

export type MatchedReply = RecordedMatch & { readonly match: ReplyMatch };

/**
 * Matches a stored reply to the reminder email and customer it answers and, for a person's reply, pauses reminders
 * for the invoices concerned. A forged or expired token counts as no token. Machine mail (auto-replies, bounces) is
 * recorded as such and never matched. A reply never touches the ledger: no payment, no dispute, only holds.
 * Once per reply: running it again (a redelivery) writes nothing.
 */
export async function matchReply(deps: ReplyMatchingDeps, replyId: bigint, reply: InboundReply): Promise<MatchedReply> {
  const keys = readReplyKeys(reply, deps.inboundDomain);
  const emailIds = keys.machine !== null ? [] : keys.tokens.flatMap((t) => {
    // Checked at the reply's arrival, so a redelivery decides as the first delivery did.
    const check = verifyReplyToken(t, deps.secret, reply.receivedAt);
    return check.ok ? [check.emailId] : [];
  });
  const candidates = keys.machine !== null
    ? { emailsById: [], emailsByMessageId: [], senderCustomers: [], zones: new Map<bigint, string>() }
    : await deps.store.loadCandidates({ emailIds, messageIds: keys.referencedIds, sender: keys.sender });
  const match = decideReplyMatch({
    machine: keys.machine,
    tokenEmails: candidates.emailsById,
    threadEmails: candidates.emailsByMessageId,
    senderCustomerIds: candidates.senderCustomers.map((c) => c.customerId),
  });
  const zone = match.by === null ? undefined : candidates.zones.get(match.customerId);
  const pause: ReplyPause | null = zone === undefined ? null : {
    untilDate: replyPauseUntil(reply.receivedAt, zone, deps.pauseDays),
    today: dateInZone(reply.receivedAt, zone),
    reason: replyHoldReason,
    createdBy: replyHoldCreatedBy(replyId),
    createdAt: reply.receivedAt,
  };
  // Detection only proposes (a person confirms with one click); it reads a person's reply that matched a customer.
  const understanding = zone === undefined ? null : storeUnderstanding(understandReply({
    text: await replyPlainText(reply), sentAt: sentAt(reply), zone,
  }));
  const recorded = await deps.store.recordMatch(replyId, match, pause, { understanding, raisedAt: reply.receivedAt });
  // A bounce that came back as mail has the effects of an Event Webhook bounce. Every run, not only the first: it
  // writes once per reply, so a redelivery finishes what a crash cut short.
  if (deps.bounces && match.by === null && match.machine === 'delivery_status') await recordBounceReply(deps.bounces, replyId, reply);
  return { match, ...recorded };
}

/**
 * When the customer wrote: the reply's Date header, when it is a real date in the month before its arrival (a
 * wrong clock or a forged header never moves "tomorrow" by more), else its arrival.
 */
function sentAt(reply: InboundReply): Date {
  const header = headerOf(parseHeaderBlock(reply.headers ?? ''), 'date');
  const date = header === undefined ? Number.NaN : Date.parse(header);
  const arrival = reply.receivedAt.getTime();
  return Number.isFinite(date) && date <= arrival && arrival - date <= 30 * 86400_000 ? new Date(date) : reply.receivedAt;
}
