import type { ReplyFacts, UnmatchedReplyFacts } from '../../../src/views/reply-view.js';
import { invoice } from '../slack/fixtures.js';

// Customer replies as chat shows them, built by hand (the Postgres loader is tested apart), with hostile text where
// a customer can type it: their name, address, subject, words and attachment names all come from an email.

/** Markdown, a link, a mention, a heading, a list, a card template, an HTML entity and tags: none may come alive. */
export const hostileReplyText = [
  '<at>Ana Costa</at> **urgent** _now_ [pay here](http://evil.example) <script>alert(1)</script>',
  '# Heading',
  '- not a list',
  '1. not a list either',
  '{{DATE(2026-03-01T00:00:00Z)}} &lt;b&gt; `code` ~strike~ | pipe',
].join('\n');

export function reply(over: Partial<ReplyFacts> = {}): ReplyFacts {
  return {
    replyId: '901',
    customerName: 'Northwind Traders',
    customerExternalId: 'NW-001',
    from: 'Ann Doe <ap@northwind.example>',
    subject: 'Re: Invoice INV-2026-0042 overdue',
    receivedAt: '2026-03-12 09:14 (Europe/Paris)',
    text: 'Hello,\nwe will pay 5,000.00 EUR on 31 March.\nRegards, Ann',
    cut: false,
    attachments: [{ name: 'remittance.pdf', size: '12 KB', kept: true }],
    invoice: invoice(),
    invoiceNumbers: ['INV-2026-0042'],
    matchedBy: 'token',
    proposal: { promise: { date: '2026-03-31', amount: '5,000.00 EUR', amountInput: '5000.00' }, dispute: null, alreadyPaid: null },
    pausedUntil: '2026-03-19',
    handled: null,
    answers: [],
    ...over,
  };
}

export function unmatchedReply(over: Partial<UnmatchedReplyFacts> = {}): UnmatchedReplyFacts {
  return {
    replyId: '950',
    from: 'someone@unknown.example',
    subject: 'About our account',
    receivedAt: '2026-03-12 10:00 (Europe/Paris)',
    excerpt: 'Please call me back about the invoices.',
    ...over,
  };
}
