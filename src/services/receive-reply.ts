import type { InboundReply } from '../domain/inbound-parse.js';
import type { InboundReplyStore, StoredReply } from '../ports/inbound-replies.js';

/**
 * Keeps a customer's reply, once per Message-ID. Matching it to a reminder email and a customer, and acting on it,
 * belong to the steps that follow (issue 17); a retried delivery changes nothing.
 */
export async function receiveReply(store: InboundReplyStore, reply: InboundReply): Promise<StoredReply> {
  return store.insertOnce(reply);
}
