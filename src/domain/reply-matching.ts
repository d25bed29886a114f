import { referencedMessageIds } from './email-message-id.js';
import { headerOf, parseHeaderBlock } from './inbound-email.js';
import { replyTokensIn } from './reply-address.js';
import { isAutoReply, isDeliveryStatusNotification } from './replies/auto-reply.js';

/**
 * Which reminder email and customer a stored reply answers. Pure: the service loads the candidates each key names
 * (emails by verified token, emails by Message-ID, customers by billing contact) and this decides, in the order of
 * trust: a signed token in the recipients, then the thread, then the sender's address.
 */

export type MachineMail = 'auto_reply' | 'delivery_status';

/** What a reply offers for matching, read from its header block and fields. */
export interface ReplyKeys {
  readonly machine: MachineMail | null;
  /** Reply tokens in To, Cc, Delivered-To and X-Original-To (unverified), in order. */
  readonly tokens: readonly string[];
  /** In-Reply-To, then References newest first. */
  readonly referencedIds: readonly string[];
  /** The From address, lower case, without display name; null when there is none. */
  readonly sender: string | null;
}

export interface ReplyFields {
  readonly headers: string | null;
  readonly subject: string | null;
  readonly fromAddress: string | null;
  readonly toAddress: string | null;
}

/**
 * Reads the keys of one reply. Without an inbound domain no address carries a token.
 * @example readReplyKeys({ headers: 'In-Reply-To: <arbot.7.ab@r.example>\r\n', subject: 'Re: x', fromAddress: 'Ann <AP@acme.example>', toAddress: null }, 'r.example') // { machine: null, tokens: [], referencedIds: ['<arbot.7.ab@r.example>'], sender: 'ap@acme.example' }
 */
export function readReplyKeys(reply: ReplyFields, inboundDomain: string | undefined): ReplyKeys {
  const pairs = parseHeaderBlock(reply.headers ?? '');
  // First occurrence wins, as headerOf reads them; the auto-reply rules look names up case-insensitively.
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) if (!(name in headers)) headers[name] = value;
  if (reply.fromAddress !== null && !('from' in headers)) headers.from = reply.fromAddress;
  const machine: MachineMail | null = isDeliveryStatusNotification(headers)
    ? 'delivery_status'
    : isAutoReply(headers, reply.subject ?? '') ? 'auto_reply' : null;
  const recipients = [reply.toAddress ?? '', ...pairs.filter(([n]) => ['to', 'cc', 'delivered-to', 'x-original-to'].includes(n)).map(([, v]) => v)];
  return {
    machine,
    tokens: inboundDomain ? replyTokensIn(recipients, inboundDomain) : [],
    referencedIds: referencedMessageIds(headerOf(pairs, 'in-reply-to'), headerOf(pairs, 'references')),
    sender: bareAddress(reply.fromAddress ?? headerOf(pairs, 'from') ?? ''),
  };
}

/**
 * The address inside `Name <a@b>` (or the bare address), lower case; null when there is none.
 * @example bareAddress('"Doe, Ann" <Ann@Acme.example>') // "ann@acme.example"
 */
export function bareAddress(text: string): string | null {
  const inBrackets = /<\s*([^<>\s@]+@[^<>\s@]+)\s*>/.exec(text);
  const bare = inBrackets ? inBrackets[1]! : /(?:^|[\s,;:])([^<>\s@,;:"]+@[^<>\s@,;:"]+)/.exec(text)?.[1];
  return bare ? bare.toLowerCase() : null;
}

/** A reminder email a key named, with its customer. */
export interface MatchedEmail {
  readonly emailId: bigint;
  readonly customerId: bigint;
}

export type ReplyMatch =
  | { readonly by: 'token' | 'thread'; readonly emailId: bigint; readonly customerId: bigint }
  | { readonly by: 'sender'; readonly customerId: bigint }
  | { readonly by: null; readonly machine: MachineMail | null };

/** The candidates the service loaded for a reply's keys. */
export interface MatchCandidates {
  readonly machine: MachineMail | null;
  /** Emails named by tokens that verified (signature and expiry), in token order. */
  readonly tokenEmails: readonly MatchedEmail[];
  /** Emails whose Message-ID the reply refers to, in ReplyKeys.referencedIds order. */
  readonly threadEmails: readonly MatchedEmail[];
  /** Every customer whose billing contacts hold the sender's address. */
  readonly senderCustomerIds: readonly bigint[];
}

/**
 * Decides the match: machine mail never matches; else the first verified token's email; else the first email the
 * thread names; else the sender's customer when exactly one customer has that billing contact.
 * @example decideReplyMatch({ machine: null, tokenEmails: [], threadEmails: [], senderCustomerIds: [3n] }) // { by: 'sender', customerId: 3n }
 * @example decideReplyMatch({ machine: null, tokenEmails: [], threadEmails: [], senderCustomerIds: [3n, 4n] }) // { by: null, machine: null }
 */
export function decideReplyMatch(c: MatchCandidates): ReplyMatch {
  if (c.machine !== null) return { by: null, machine: c.machine };
  const token = c.tokenEmails[0];
  if (token) return { by: 'token', ...token };
  const thread = c.threadEmails[0];
  if (thread) return { by: 'thread', ...thread };
  const customers = [...new Set(c.senderCustomerIds)];
  if (customers.length === 1) return { by: 'sender', customerId: customers[0]! };
  return { by: null, machine: null };
}
