import { describe, expect, it } from 'vitest';
import { readDeliveryReport, reportMessageOf, type ReportMessage } from '../../../src/domain/replies/delivery-status.js';
import { boundedDiagnostic, enhancedStatusIn, maxDiagnosticLength, textBounceRecipients } from '../../../src/domain/replies/text-bounce.js';
import type { InboundReply } from '../../../src/domain/inbound-parse.js';

const message = (o: Partial<ReportMessage>): ReportMessage => ({ headers: null, textBody: null, htmlBody: null, parts: [], ...o });
const report = (text: string) => message({ parts: [{ contentType: 'message/delivery-status', text }] });
const perMessage = 'Reporting-MTA: dns; mx.example\r\n\r\n';

describe('readDeliveryReport: RFC 3464 fields', () => {
  it.each([
    ['a failed recipient', 'Final-Recipient: rfc822; AP@Acme.example\nAction: failed\nStatus: 5.1.1\n',
      { failed: [{ addresses: ['ap@acme.example'], status: '5.1.1', permanent: true, diagnostic: null }], delayed: [] }],
    ['the Original-Recipient before a forwarded Final-Recipient', 'Original-Recipient: rfc822;ap@acme.example\nFinal-Recipient: rfc822;ann@mail.acme.example\nAction: failed\nStatus: 5.2.2\n',
      { failed: [{ addresses: ['ap@acme.example', 'ann@mail.acme.example'], status: '5.2.2', permanent: true, diagnostic: null }], delayed: [] }],
    ['a 4.x.x failure as not permanent', 'Final-Recipient: rfc822;ap@acme.example\nAction: failed\nStatus: 4.4.7\n',
      { failed: [{ addresses: ['ap@acme.example'], status: '4.4.7', permanent: false, diagnostic: null }], delayed: [] }],
    ['a delayed recipient as no bounce', 'Final-Recipient: rfc822;ap@acme.example\nAction: delayed\nStatus: 4.4.1\n',
      { failed: [], delayed: ['ap@acme.example'] }],
    ['a delivered recipient as neither', 'Final-Recipient: rfc822;ap@acme.example\nAction: delivered\nStatus: 2.0.0\n', { failed: [], delayed: [] }],
    ['the status from the diagnostic when Status is missing', 'Final-Recipient: rfc822;ap@acme.example\nAction: failed\nDiagnostic-Code: smtp; 550 5.7.1 Rejected by policy\n',
      { failed: [{ addresses: ['ap@acme.example'], status: '5.7.1', permanent: true, diagnostic: '550 5.7.1 Rejected by policy' }], delayed: [] }],
    ['a 5.x.x recipient without Action as failed', 'Final-Recipient: rfc822;ap@acme.example\nStatus: 5.1.1\n',
      { failed: [{ addresses: ['ap@acme.example'], status: '5.1.1', permanent: true, diagnostic: null }], delayed: [] }],
    ['one entry per address when an MTA repeats it', 'Final-Recipient: rfc822;ap@acme.example\nAction: failed\nStatus: 5.1.1\n\nFinal-Recipient: rfc822;ap@acme.example\nAction: failed\nStatus: 5.1.1\n\nFinal-Recipient: rfc822;cfo@acme.example\nAction: failed\nStatus: 5.1.1\n',
      { failed: [expect.objectContaining({ addresses: ['ap@acme.example'] }), expect.objectContaining({ addresses: ['cfo@acme.example'] })], delayed: [] }],
    ['no address in a malformed field', 'Final-Recipient: rfc822; not an address\nAction: failed\nStatus: 5.1.1\n', { failed: [], delayed: [], readFrom: null }],
  ])('reads %s', (_name, fields, want) => {
    expect(readDeliveryReport(report(perMessage + fields))).toMatchObject(want);
  });

  it('never reads a delay notice as a text bounce, even if its text names the address', () => {
    const delay = message({
      headers: 'X-Failed-Recipients: ap@acme.example\r\n',
      textBody: "Your message wasn't delivered to ap@acme.example yet; we will retry.",
      parts: [{ contentType: 'message/delivery-status', text: `${perMessage}Final-Recipient: rfc822;ap@acme.example\nAction: delayed\nStatus: 4.4.1\n` }],
    });
    expect(readDeliveryReport(delay)).toEqual({ failed: [], delayed: ['ap@acme.example'], originalMessageId: null, readFrom: 'fields' });
  });

  it.each([
    ['the returned headers part', message({ parts: [{ contentType: 'text/rfc822-headers; charset=us-ascii', text: 'To: a@b.example\nMessage-ID: <ours@r.example>\n' }], textBody: 'Message-ID: <other@x.example>' }), '<ours@r.example>'],
    ['a Message-ID line in the body', message({ textBody: 'Original message headers:\n\nFrom: x\nMessage-ID: <ours@r.example>\n' }), '<ours@r.example>'],
    ['In-Reply-To when nothing was returned', message({ headers: 'In-Reply-To: <ours@r.example>\r\nMessage-ID: <dsn@mx.example>\r\n' }), '<ours@r.example>'],
    ['nothing, never the bounce\'s own Message-ID', message({ headers: 'Message-ID: <dsn@mx.example>\r\n', textBody: 'X-Message-ID: <no@x.example>' }), null],
  ])('takes the original Message-ID from %s', (_name, m, want) => {
    expect(readDeliveryReport(m).originalMessageId).toBe(want);
  });
});

describe('readDeliveryReport: bounces written for people', () => {
  it.each([
    ['X-Failed-Recipients alone', message({ headers: 'X-Failed-Recipients: AP@acme.example, cfo@acme.example\r\n', textBody: 'Mail delivery failed: 550 5.1.1 no such user' }), ['ap@acme.example', 'cfo@acme.example'], '5.1.1'],
    ['an HTML-only Exchange bounce', message({ htmlBody: '<p>Delivery has failed to these recipients or groups:</p><p><a href="mailto:ap@acme.example">ap@acme.example</a></p><p>Remote Server returned &#39;550 5.1.1 RESOLVER.ADR.RecipNotFound&#39;</p>' }), ['ap@acme.example'], '5.1.1'],
    ['Office 365 in French', message({ textBody: "Votre message à ap@acme.example n'a pas pu être remis.\n\n550 5.1.10 RESOLVER.ADR.RecipientNotFound" }), ['ap@acme.example'], '5.1.10'],
    ['"n\'a pas pu être distribué à"', message({ textBody: "Le message n'a pas pu être distribué à <ap@acme.example>.\nErreur 4.4.7 : délai expiré" }), ['ap@acme.example'], '4.4.7'],
  ])('reads %s', (_name, m, addresses, status) => {
    const r = readDeliveryReport(m);
    expect(r.readFrom).toBe('text');
    expect(r.failed.map((f) => f.addresses[0])).toEqual(addresses);
    expect(r.failed.every((f) => f.status === status && f.permanent === status.startsWith('5'))).toBe(true);
  });

  it.each([
    ['a customer quoting an address', 'Please send the invoice to ap@acme.example instead, the old address failed.'],
    ['"could not be delivered" without an address', 'Your message could not be delivered for more than 4 hour(s).'],
    ['an address far below a list anchor', 'The following address(es) failed:\n\nSee the details below.\nap@acme.example'],
  ])('reads nothing from %s', (_name, textBody) => {
    expect(readDeliveryReport(message({ textBody }))).toEqual({ failed: [], delayed: [], originalMessageId: null, readFrom: null });
  });

  it('takes no status from the returned message below the server\'s words', () => {
    const [r] = textBounceRecipients('Delivery has failed to these recipients or groups:\nap@acme.example\nThe address was not found.\n\nOriginal message headers:\nSubject: section 5.1.1, 4.2.1 and 550.00 EUR\n', undefined);
    expect(r).toEqual({ addresses: ['ap@acme.example'], status: null, permanent: false, diagnostic: null });
  });
});

describe('text-bounce helpers', () => {
  it.each([
    ['host 192.0.2.25 said: 550 5.1.1 User unknown', '5.1.1'],
    ['Microsoft SMTP Server id 14.3.498.0; then 4.4.7 expired', '4.4.7'],
    ['version 5.1.1.2 and 10.5.1.1', null],
    ['2.0.0 Ok: queued', null],
    ['550-5.7.26 Unauthenticated email', '5.7.26'],
  ])('enhancedStatusIn(%j) → %j', (text, want) => {
    expect(enhancedStatusIn(text)).toBe(want);
  });

  it('keeps a diagnostic to one safe line of bounded length', () => {
    const d = boundedDiagnostic(`550 5.1.1\r\n  <ap@acme.example>:\tUser\u202e unknown\u0000 ${'x'.repeat(2000)}`)!;
    expect(d.startsWith('550 5.1.1 <ap@acme.example>: User unknown ')).toBe(true);
    expect(d).toHaveLength(maxDiagnosticLength);
    expect(d.endsWith('…')).toBe(true);
    expect(boundedDiagnostic(' \r\n ')).toBeNull();
  });
});

describe('reportMessageOf (parsed mode)', () => {
  it('decodes only the report and returned-header attachments whose bytes were kept', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    const reply = {
      headers: 'From: MAILER-DAEMON@mx.example\r\n', textBody: 'text', htmlBody: null,
      attachments: [
        { filename: 'details.txt', contentType: 'message/delivery-status', sizeBytes: 3, content: bytes('a:b') },
        { filename: 'invoice.pdf', contentType: 'application/pdf', sizeBytes: 3, content: bytes('%PD') },
        { filename: 'headers.txt', contentType: 'text/rfc822-headers', sizeBytes: 9000, content: null },
      ],
    } as unknown as InboundReply;
    expect(reportMessageOf(reply)).toEqual({
      headers: 'From: MAILER-DAEMON@mx.example\r\n', textBody: 'text', htmlBody: null,
      parts: [{ contentType: 'message/delivery-status', text: 'a:b' }],
    });
  });
});

describe('hostile reports', () => {
  it('acts on at most 50 recipients however many a report lists', () => {
    const fields = Array.from({ length: 500 }, (_, i) => `Final-Recipient: rfc822;u${i}@acme.example\nAction: failed\nStatus: 5.1.1\n`).join('\n');
    expect(readDeliveryReport(report(perMessage + fields)).failed).toHaveLength(50);
    const header = `X-Failed-Recipients: ${Array.from({ length: 500 }, (_, i) => `u${i}@acme.example`).join(', ')}\r\n`;
    expect(readDeliveryReport(message({ headers: header })).failed).toHaveLength(50);
  });
});
