import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bounceAlertKey, isSuppressingEvent, parseSendGridEvents } from '../../src/domain/sendgrid-events.js';

const example = JSON.parse(readFileSync(new URL('../fixtures/sendgrid/event_webhook_example_events.json', import.meta.url), 'utf8')) as unknown[];

describe('parseSendGridEvents', () => {
  it("reads every event of SendGrid's example batch", () => {
    const r = parseSendGridEvents(example);
    if (!r.ok) throw new Error(r.reason);
    expect(r.invalid).toBe(0);
    expect(r.events.map((e) => [e.event, e.suppresses])).toEqual([
      ['processed', false], ['deferred', false], ['delivered', false], ['open', false], ['click', false],
      ['bounce', true], ['dropped', true], ['spamreport', true],
      ['unsubscribe', false], ['group_unsubscribe', false], ['group_resubscribe', false],
    ]);
    expect(r.events[0]).toEqual({
      sgEventId: '3VQNwQVlOAoGt_mNmMf7Uw==', event: 'processed', recipient: 'example@test.com',
      occurredAt: new Date(1539462305 * 1000), reason: null, emailId: null, providerMessageId: '14c5d75ce93', planEmailId: null, answerId: null, statement: null, suppresses: false,
    });
    expect(r.events.find((e) => e.event === 'deferred')!.reason).toBe('400 try again later');
    expect(r.events.find((e) => e.event === 'bounce')!.reason).toBe('500 unknown recipient');
  });

  it('never suppresses from the emails of a test batch (arbot cadence test), though it reads them', () => {
    const r = parseSendGridEvents([
      { email: 'tester@acme.example', timestamp: 1, event: 'bounce', type: 'bounce', sg_event_id: 't1', arbot_test: '1' },
      { email: 'ap@customer.example', timestamp: 1, event: 'bounce', type: 'bounce', sg_event_id: 't2', arbot_email_id: '7' },
    ]);
    if (!r.ok) throw new Error(r.reason);
    expect(r.events.map((e) => [e.sgEventId, e.suppresses, e.emailId])).toEqual([['t1', false, null], ['t2', true, 7n]]);
  });

  it.each([
    ['bounce', 'bounce', true],
    ['bounce', undefined, true],
    ['bounce', 'blocked', false],
    ['dropped', undefined, true],
    ['spamreport', undefined, true],
    ['deferred', undefined, false],
    ['delivered', undefined, false],
    ['unsubscribe', undefined, false],
  ])('%s (type %s) suppresses the address: %s', (event, type, expected) => {
    expect(isSuppressingEvent(event, type)).toBe(expected);
  });

  it('marks a blocked bounce in its reason', () => {
    const r = parseSendGridEvents([{ email: 'x@y.example', timestamp: 1, event: 'bounce', type: 'blocked', reason: '550 spam', sg_event_id: 'b' }]);
    expect(r.ok && r.events[0]).toMatchObject({ reason: '[blocked] 550 spam', suppresses: false });
  });

  it.each([
    ['a numeric string', '17', 17n],
    ['a number', 17, 17n],
    ['zero', '0', null],
    ['text', 'abc', null],
    ['a negative number', -3, null],
    ['a fraction', 1.5, null],
    ['an id past bigint', '9223372036854775808', null],
    ['nothing', undefined, null],
  ])('reads arbot_email_id given as %s', (_what, value, emailId) => {
    const r = parseSendGridEvents([{ email: 'x@y.example', timestamp: 1, event: 'open', sg_event_id: 'o', arbot_email_id: value }]);
    expect(r.ok && r.events[0]!.emailId).toBe(emailId);
  });

  it('lower-cases the recipient and keeps unknown fields out of the way', () => {
    const r = parseSendGridEvents([{ email: ' AP@Acme.Example ', timestamp: 1700000000.7, event: 'machine_opened', sg_event_id: 'm', novel: { a: 1 } }]);
    expect(r.ok && r.events[0]).toMatchObject({ recipient: 'ap@acme.example', event: 'machine_opened', occurredAt: new Date(1700000000_000) });
  });

  it('skips and counts malformed events and repeated ids without failing the batch', () => {
    const good = { email: 'x@y.example', timestamp: 1, event: 'open', sg_event_id: 'g' };
    const r = parseSendGridEvents([
      good, { ...good }, 'text', null, { ...good, sg_event_id: '' }, { ...good, sg_event_id: 'n', timestamp: 'yesterday' },
      { ...good, sg_event_id: 'e', event: undefined }, { ...good, sg_event_id: 'ok2', email: undefined },
    ]);
    expect(r).toMatchObject({ ok: true, invalid: 5, repeated: 1 });
    expect(r.ok && r.events.map((e) => [e.sgEventId, e.recipient])).toEqual([['g', 'x@y.example'], ['ok2', null]]);
  });

  it('never suppresses an event without a recipient', () => {
    const r = parseSendGridEvents([{ timestamp: 1, event: 'dropped', sg_event_id: 'd' }]);
    expect(r.ok && r.events[0]!.suppresses).toBe(false);
  });

  it.each([['an object', {}], ['a string', 'events'], ['null', null]])('refuses %s as a batch', (_what, body) => {
    expect(parseSendGridEvents(body)).toEqual({ ok: false, reason: 'expected a JSON array of events' });
  });
});

describe('bounceAlertKey', () => {
  it.each([
    [7n, 'email_bounced:7:ap@x.example'],
    [null, 'email_bounced:ap@x.example:ev1'],
  ])('for email %s is %s', (emailId, key) => {
    expect(bounceAlertKey({ sgEventId: 'ev1', recipient: 'ap@x.example' }, emailId)).toBe(key);
  });
});
