import type { InboundReply } from '../domain/inbound-parse.js';

export interface StoredReply {
  readonly id: bigint;
  /** False when a reply with the same Message-ID was already stored (SendGrid retried, or the mail came twice). */
  readonly inserted: boolean;
}

export interface InboundReplyStore {
  /** Stores the reply and its attachments in one transaction, unless its Message-ID is already stored. */
  insertOnce(reply: InboundReply): Promise<StoredReply>;
}
