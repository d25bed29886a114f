import { describe, expect, it } from 'vitest';
import { isAutoReply, isDeliveryStatusNotification } from '../../../src/domain/replies/auto-reply.js';

describe('isAutoReply', () => {
  it.each([
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }, 'Re: invoice', true],
    ['Auto-Submitted: auto-generated, lower-case name', { 'auto-submitted': 'auto-generated' }, 'Re: invoice', true],
    ['Auto-Submitted: no', { 'Auto-Submitted': 'no' }, 'Re: invoice', false],
    ['X-Autoreply', { 'X-Autoreply': 'yes' }, 'Re: invoice', true],
    ['X-Autorespond', { 'X-Autorespond': 'true' }, 'Re: invoice', true],
    ['Precedence: bulk', { Precedence: 'bulk' }, 'News', true],
    ['Precedence: auto_reply', { Precedence: 'auto_reply' }, 'Re: invoice', true],
    ['Precedence: junk', { Precedence: 'junk' }, 'Re: invoice', true],
    ['X-Auto-Response-Suppress: All', { 'X-Auto-Response-Suppress': 'All' }, 'Re: invoice', true],
    ['X-Auto-Response-Suppress: DR, OOF', { 'X-Auto-Response-Suppress': 'DR, OOF' }, 'Re: invoice', true],
    ['X-Auto-Response-Suppress: DR only', { 'X-Auto-Response-Suppress': 'DR' }, 'Re: invoice', false],
    ['subject "Out of office"', {}, 'Out of Office: Payment reminder', true],
    ['subject "Automatic reply"', {}, 'Automatic reply: Invoice 42', true],
    ['subject "Auto:"', {}, 'Auto: Invoice 42', true],
    ['subject "Réponse automatique"', {}, 'Réponse automatique : Relance', true],
    ['subject "Absence du bureau"', {}, 'Absence du bureau', true],
    ['subject "Absent :" after RE:', {}, 'RE: Absent : Relance', true],
    ['a plain human reply', {}, 'RE: Relance facture 2026-118', false],
    ['a subject that mentions "auto" in a word', {}, 'Re: Automobile parts invoice', false],
  ])('%s → %s', (_name, headers, subject, want) => {
    expect(isAutoReply(headers, subject)).toBe(want);
  });
});

describe('isDeliveryStatusNotification', () => {
  it.each([
    ['a multipart/report delivery-status', {}, 'multipart/report; report-type=delivery-status; boundary="b"', true],
    ['the Content-Type header', { 'Content-Type': 'multipart/report; report-type="delivery-status"' }, undefined, true],
    ['a read receipt (disposition-notification)', {}, 'multipart/report; report-type=disposition-notification', false],
    ['MAILER-DAEMON', { From: 'MAILER-DAEMON@mx.example.com' }, undefined, true],
    ['Mail Delivery Subsystem', { From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>' }, undefined, true],
    ['postmaster', { From: 'postmaster@example.com' }, undefined, true],
    ['X-Failed-Recipients', { 'X-Failed-Recipients': 'a@b.c' }, undefined, true],
    ['a customer', { From: 'Anna <anna@client.com>' }, 'text/plain', false],
  ])('%s → %s', (_name, headers, contentType, want) => {
    expect(isDeliveryStatusNotification(headers, contentType)).toBe(want);
  });
});
