import { describe, expect, it } from 'vitest';
import {
  customerValue, disputeValue, dsoValue, emailValue, invoiceValue, parseActionValue,
} from '../../../blocks/slack/action-value.js';

describe('action values', () => {
  it.each([
    ['an invoice', invoiceValue('123'), '{"i":"123"}', { kind: 'invoice', invoiceId: '123' }],
    ['a dispute', disputeValue('45'), '{"d":"45"}', { kind: 'dispute', disputeId: '45' }],
    ['a dispute status', disputeValue('45', 'awaiting_client'), '{"d":"45","st":"awaiting_client"}', { kind: 'dispute', disputeId: '45', status: 'awaiting_client' }],
    ['an email', emailValue('67'), '{"e":"67"}', { kind: 'email', emailId: '67' }],
    ['a customer', customerValue('ACME "North" 01'), '{"c":"ACME \\"North\\" 01"}', { kind: 'customer', customerExternalId: 'ACME "North" 01' }],
    ['a /dso report', dsoValue('2026-03-31', 'top'), '{"asof":"2026-03-31","seg":"top"}', { kind: 'dso', asOf: '2026-03-31', segment: 'top' }],
    ['a /dso report of every segment', dsoValue('2026-03-31'), '{"asof":"2026-03-31"}', { kind: 'dso', asOf: '2026-03-31' }],
    ['one currency of a /dso report', dsoValue('2026-03-31', 'top', 'EUR'), '{"asof":"2026-03-31","seg":"top","cur":"EUR"}', { kind: 'dso', asOf: '2026-03-31', segment: 'top', currency: 'EUR' }],
  ])('writes %s compactly and reads it back', (_, raw, json, value) => {
    expect(raw).toBe(json);
    expect(parseActionValue(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['undefined', undefined],
    ['not JSON', 'approve'],
    ['an id that is not a number', '{"i":"1; DROP TABLE"}'],
    ['an unknown key', '{"i":"1","x":1}'],
    ['an unknown status', '{"d":"4","st":"closed"}'],
    ['a bad date', '{"asof":"2026-02-30"}'],
    ['a /dso currency that is no ISO code', '{"asof":"2026-03-31","cur":"E<R"}'],
    ['an array', '[1]'],
    ['too long', JSON.stringify({ c: 'x'.repeat(2001) })],
  ])('refuses %s', (_, raw) => {
    expect(parseActionValue(raw)).toEqual({ ok: false, reason: 'not an arbot action value' });
  });

  it('refuses a value of the wrong kind when one is expected', () => {
    expect(parseActionValue('{"i":"1"}', 'dispute')).toEqual({ ok: false, reason: 'the value is for kind invoice, expected dispute' });
    expect(parseActionValue('{"d":"1"}', 'dispute').ok).toBe(true);
  });
});
