import type { InboundReply } from '../domain/inbound-parse.js';
import type { InboundReplyStore, StoredReply } from '../ports/inbound-replies.js';
import { matchReply, type MatchedReply, type ReplyMatchingDeps } from './match-reply.js';

/**
 * Keeps a customer's reply, once per Message-ID, then (with `matching`) matches it to a reminder email and customer
 * and pauses their reminders. A retried delivery stores nothing new, and matching it again writes nothing either,
 * but it finishes a match a crash interrupted after the reply was stored.
 */
export async function receiveReply(
  store: InboundReplyStore,
  reply: InboundReply,
  matching?: ReplyMatchingDeps,
): Promise<StoredReply & { readonly matched?: MatchedReply }> {
  const stored = await store.insertOnce(reply);
  if (!matching) return stored;
  return { ...stored, matched: await matchReply(matching, stored.id, reply) };
}
