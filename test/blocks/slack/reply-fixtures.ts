import type { AlertView } from '../../../src/views/alert-view.js';
import type { ReplyFacts } from '../../../src/views/reply-view.js';
import { ana, invoice } from './fixtures.js';

// A customer's reply as chat shows it, built by hand (not loaded from a database), with the hostile text a customer
// can send: mrkdwn links and formatting, channel pings and HTML.

export const hostileReplyText = 'We paid <https://evil.example|click here> *bold* _it_ ~st~ `code` <!channel> <@U999> @here <b>html</b> &amp; R&D > quoted';

export function reply(over: Partial<ReplyFacts> = {}): ReplyFacts {
  return {
    replyId: '9',
    customerName: 'Northwind <!here> Traders',
    customerExternalId: 'NW-001',
    from: 'Ann Doe <ap@northwind.example>',
    subject: 'Re: *Invoice* INV-2026-0042 <https://x.example|x>',
    receivedAt: '2026-03-12 09:14 (Europe/Paris)',
    text: hostileReplyText,
    cut: false,
    attachments: [{ name: 'remit<!channel>.pdf', size: '12 KB', kept: true }],
    invoice: invoice(),
    invoiceNumbers: ['INV-2026-0042'],
    matchedBy: 'token',
    proposal: { promise: { date: '2026-03-20', amount: '€12,480.00', amountInput: '12480.00' }, dispute: null, alreadyPaid: null },
    pausedUntil: '2026-03-19',
    handled: null,
    answers: [],
    ...over,
  };
}

/** The customer_reply view, under the invoice's overdue card. */
export function replyView(over: Partial<ReplyFacts> = {}): AlertView & { kind: 'customer_reply' } {
  const r = reply(over);
  return {
    kind: 'customer_reply', reply: r, owner: ana,
    thread: r.invoice === null ? null : { subject: { kind: 'invoice', id: BigInt(r.invoice.invoiceId) }, view: { kind: 'invoice_overdue', invoice: r.invoice, owner: ana } },
  };
}
