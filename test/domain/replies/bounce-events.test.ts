import { describe, expect, it } from 'vitest';
import { bounceEventsOf, type BounceLookup, type ContactEmail, type SentEmail } from '../../../src/domain/replies/bounce-events.js';
import type { DeliveryReport, FailedRecipient } from '../../../src/domain/replies/delivery-status.js';

const at = new Date('2026-03-13T08:05:00Z');
const email: SentEmail = { emailId: 7n, customerId: 3n, recipients: ['ap@acme.example', 'cfo@acme.example'] };
const failed = (addresses: string[], status = '5.1.1', diagnostic: string | null = '550 5.1.1 User unknown'): FailedRecipient =>
  ({ addresses, status, permanent: status.startsWith('5'), diagnostic });
const report = (...f: FailedRecipient[]): DeliveryReport => ({ failed: f, delayed: [], originalMessageId: '<x@r.example>', readFrom: 'fields' });
const byMessageId = (e: SentEmail | null): BounceLookup => ({ byMessageId: e, byContact: new Map() });
const byContact = (entries: [string, ContactEmail[]][]): BounceLookup => ({ byMessageId: null, byContact: new Map(entries) });

describe('bounceEventsOf', () => {
  it('makes one SendGrid-shaped hard bounce per failed address of the returned email', () => {
    expect(bounceEventsOf(report(failed(['ap@acme.example'])), byMessageId(email), 12n, at)).toEqual([{
      sgEventId: 'dsn:12:ap@acme.example', event: 'bounce', recipient: 'ap@acme.example', occurredAt: at,
      reason: '550 5.1.1 User unknown', emailId: 7n, providerMessageId: null, suppresses: true,
    }]);
  });

  it.each([
    ['a 4.x.x failure does not suppress (like SendGrid\'s "blocked")', failed(['ap@acme.example'], '4.4.7'), { suppresses: false }],
    ['the status stands in for a missing diagnostic', failed(['ap@acme.example'], '5.2.2', null), { reason: 'status 5.2.2' }],
    ['the address we wrote to, not the forwarded final recipient', failed(['ann@mail.acme.example', 'cfo@acme.example']), { recipient: 'cfo@acme.example' }],
  ])('%s', (_name, f, want) => {
    expect(bounceEventsOf(report(f), byMessageId(email), 12n, at)).toEqual([expect.objectContaining(want)]);
  });

  it('ignores addresses the returned email was not sent to, and repeats of one address', () => {
    const r = report(failed(['stranger@elsewhere.example']), failed(['ap@acme.example']), failed(['ap@acme.example'], '4.0.0'));
    expect(bounceEventsOf(r, byMessageId(email), 12n, at).map((e) => e.recipient)).toEqual(['ap@acme.example']);
  });

  it.each([
    ['the billing contact of exactly one customer, with its latest email to it', [{ customerId: 3n, email }], [7n]],
    ['the billing contact of two customers', [{ customerId: 3n, email }, { customerId: 4n, email: { ...email, emailId: 8n, customerId: 4n } }], []],
    ['a contact no email was sent to yet', [{ customerId: 3n, email: null }], []],
    ['no customer\'s contact', [], []],
  ])('without our Message-ID, finds %s', (_name, customers: ContactEmail[], emailIds: bigint[]) => {
    const events = bounceEventsOf(report(failed(['ap@acme.example'])), byContact([['ap@acme.example', customers]]), 12n, at);
    expect(events.map((e) => e.emailId)).toEqual(emailIds);
  });
});
