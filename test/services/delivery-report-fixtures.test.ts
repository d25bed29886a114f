import { describe, expect, it } from 'vitest';
import { readDeliveryReport, type DeliveryReport } from '../../src/domain/replies/delivery-status.js';
import { maxDiagnosticLength } from '../../src/domain/replies/text-bounce.js';
import { readReplyKeys } from '../../src/domain/reply-matching.js';
import { readReportMessage } from '../../src/services/read-report-message.js';
import { dsnFixture, storedAs, storedModes, type DsnFixtureName } from '../support/dsn-fixtures.js';

const at = new Date('2026-03-13T08:05:00Z');
const failed = (address: string, status: string, diagnostic: string | RegExp) => ({
  addresses: [address], status, permanent: status.startsWith('5'),
  diagnostic: typeof diagnostic === 'string' ? diagnostic : expect.stringMatching(diagnostic),
});

// What each MTA's bounce says, whichever way Inbound Parse stored it.
const expected: readonly [DsnFixtureName, Omit<DeliveryReport, 'failed'> & { failed: unknown[] }][] = [
  ['postfix-user-unknown', {
    failed: [failed('ap@northwind.example', '5.1.1', '550 5.1.1 <ap@northwind.example>: Recipient address rejected: User unknown in virtual mailbox table')],
    delayed: [], originalMessageId: '<arbot.41.9f2c4e1a0b7d3c5e@reply.acme.example>', readFrom: 'fields',
  }],
  ['postfix-delayed', { failed: [], delayed: ['ap@northwind.example'], originalMessageId: '<arbot.41.9f2c4e1a0b7d3c5e@reply.acme.example>', readFrom: 'fields' }],
  ['postfix-expired', {
    failed: [failed('ap@northwind.example', '4.2.2', '452 4.2.2 <ap@northwind.example>: Mailbox full')],
    delayed: [], originalMessageId: '<arbot.41.9f2c4e1a0b7d3c5e@reply.acme.example>', readFrom: 'fields',
  }],
  ['exim-failed', {
    failed: [failed('accounts@fabrikam.example', '5.0.0', '550 5.1.1 <accounts@fabrikam.example>: Recipient address rejected: User unknown in local recipient table')],
    delayed: [], originalMessageId: '<arbot.52.0011223344556677@reply.acme.example>', readFrom: 'fields',
  }],
  ['office365-ndr', {
    failed: [failed('j.doe@contoso.example', '5.1.10', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient j.doe@contoso.example not found by SMTP address lookup')],
    delayed: [], originalMessageId: '<arbot.63.1357924680abcdef@reply.acme.example>', readFrom: 'fields',
  }],
  ['gmail-mailer-daemon', {
    failed: [failed('someone.gone@gmail.com', '5.1.1', /^550-5\.1\.1 The email account that you tried to reach does not exist\. Please try 550-5\.1\.1 double-checking .*…$/)],
    delayed: [], originalMessageId: '<arbot.74.2468ace013579bdf@reply.acme.example>', readFrom: 'fields',
  }],
  ['exchange-text-only', {
    failed: [failed('pat.smith@fabrikam.example', '5.1.1', '#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##')],
    delayed: [], originalMessageId: '<arbot.85.8899aabbccddeeff@reply.acme.example>', readFrom: 'text',
  }],
  ['exchange-french-text-only', {
    failed: [failed('comptabilite@lesjardins.example', '5.1.1', '#550 5.1.1 RESOLVER.ADR.RecipNotFound; introuvable ##')],
    delayed: [], originalMessageId: '<arbot.96.a1b2c3d4e5f60718@reply.acme.example>', readFrom: 'text',
  }],
];

describe('reading the bounces MTAs write, as Inbound Parse stores them', () => {
  it.each(expected.flatMap(([name, want]) => storedModes.map((mode) => [name, mode, want] as const)))(
    '%s (%s)', async (name, mode, want) => {
      const reply = await storedAs(mode, dsnFixture(name), at);
      expect(readReplyKeys(reply, undefined).machine).toBe('delivery_status');
      const report = readDeliveryReport(await readReportMessage(reply));
      expect(report).toEqual({ ...want, failed: want.failed.map((f) => expect.objectContaining(f as object)) });
      for (const f of report.failed) {
        expect(f.diagnostic!.length).toBeLessThanOrEqual(maxDiagnosticLength);
        expect(f.diagnostic).not.toMatch(/[\r\n\t]/);
      }
    },
  );

  it.each([
    ['office365-ndr', 'j.doe@contoso.example', '5.1.10'],
    ['gmail-mailer-daemon', 'someone.gone@gmail.com', '5.1.1'],
    ['exim-failed', 'accounts@fabrikam.example', '5.1.1'],
  ] as const)('reads %s from its human-readable part alone when the report part is lost', async (name, address, status) => {
    const reply = await storedAs('parsed attachments', dsnFixture(name), at);
    const report = readDeliveryReport({ ...(await readReportMessage(reply)), parts: [] });
    expect(report).toMatchObject({ readFrom: 'text', failed: [{ addresses: [address], status, permanent: true }] });
  });

  it('keeps the amounts and section numbers of the returned reminder out of the status', async () => {
    // The Exim fixture returns our text "550.00 EUR … section 4.2.1": read as text without the returned part, the
    // status still comes from the server's line before it.
    const reply = await storedAs('raw', dsnFixture('exim-failed'), at);
    const message = await readReportMessage(reply);
    expect(message.parts.map((p) => p.contentType)).toEqual(['message/delivery-status', 'message/rfc822']);
    const report = readDeliveryReport({ ...message, parts: [], textBody: `${message.textBody}\n${message.parts[1]!.text}` });
    expect(report.failed).toEqual([expect.objectContaining({ status: '5.1.1', permanent: true })]);
  });
});
