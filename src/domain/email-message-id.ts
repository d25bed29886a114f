/**
 * Our own Message-ID for each customer email, so a reply's In-Reply-To or References finds the email it answers,
 * and the reading of those headers on the way back.
 */

/**
 * The Message-ID of one reminder email: its id, random hex (a Message-ID must be unique worldwide, and a guessable
 * one would let anyone thread a mail onto a customer's email), and our domain.
 * @example buildMessageId(42n, '9f2c4e1a0b7d3c5e', 'reply.ar.example.com') // "<arbot.42.9f2c4e1a0b7d3c5e@reply.ar.example.com>"
 */
export function buildMessageId(emailId: bigint, randomHex: string, domain: string): string {
  return `<arbot.${emailId}.${randomHex}@${domain}>`;
}

/**
 * The domain our Message-IDs end with: INBOUND_DOMAIN when set, else EMAIL_FROM's domain.
 * @example messageIdDomain(undefined, 'billing@acme.example') // "acme.example"
 */
export function messageIdDomain(inboundDomain: string | undefined, from: string): string {
  return inboundDomain ?? (from.split('@')[1]?.replace(/[^A-Za-z0-9.-]/g, '').toLowerCase() || 'arbot.local');
}

/**
 * Every message id a reply refers to: In-Reply-To first, then References from the newest back, each once.
 * @example referencedMessageIds('<b@x>', '<a@x> <b@x>') // ['<b@x>', '<a@x>']
 */
export function referencedMessageIds(inReplyTo: string | undefined, references: string | undefined): string[] {
  const ids = (v: string | undefined) => [...(v ?? '').matchAll(/<[^<>\s]{1,900}>/g)].map((m) => m[0]);
  const out: string[] = [];
  for (const id of [...ids(inReplyTo), ...ids(references).reverse()]) if (!out.includes(id)) out.push(id);
  return out.slice(0, 50);
}
