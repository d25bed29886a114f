import { describe, expect, it } from 'vitest';
import { stripReply } from '../../../src/domain/replies/strip-reply.js';

describe('stripReply', () => {
  it.each([
    ['drops Gmail quoted history', 'We pay on 15 March.\n\nOn Mon, 2 Mar 2026 at 10:00, AR <ar@x.com> wrote:\n> Due 1 March', 'We pay on 15 March.'],
    ['drops a wrapped "On … wrote:" header', 'OK for Friday.\n\nOn Mon, 2 Mar 2026 at 10:00, Accounts Receivable <ar@x.com>\nwrote:\n> Due', 'OK for Friday.'],
    ['drops a French quote header', 'Réglé demain.\n\nLe lun. 2 mars 2026 à 10:00, AR <ar@x.fr> a écrit :\n> Échéance 1er mars', 'Réglé demain.'],
    ['drops an Outlook original message', 'Paid.\n-----Original Message-----\nFrom: ar@x.com\nSent: Monday\nPlease pay', 'Paid.'],
    ['drops an Outlook From/Sent block', 'Paid.\n\nFrom: AR <ar@x.com>\nSent: Monday, March 2, 2026\nTo: me\nPay by 5 March', 'Paid.'],
    ['drops a French De/Envoyé block', 'Payé.\n\nDe : AR <ar@x.fr>\nEnvoyé : lundi 2 mars 2026\nObjet : Relance', 'Payé.'],
    ['drops "> " lines but keeps inline answers', '> Will you pay?\nYes, on Friday.\n> When?', 'Yes, on Friday.'],
    ['drops a "-- " signature', 'Will pay tomorrow.\n\nThanks,\nMark\n-- \nMark Jones | +44 20 7946 0958', 'Will pay tomorrow.\n\nThanks,\nMark'],
    ['drops "Sent from my iPhone"', 'Will pay tomorrow\n\nSent from my iPhone', 'Will pay tomorrow'],
    ['drops "Envoyé de mon iPhone"', 'Paiement demain\n\nEnvoyé de mon iPhone', 'Paiement demain'],
    ['keeps closings and normalises whitespace', 'Hello,\r\n\r\n\r\n\r\nWe  pay\u00a0 tomorrow.   \r\nBest regards,\r\nAnna', 'Hello,\n\nWe pay tomorrow.\nBest regards,\nAnna'],
    ['keeps a line that merely starts with "Le"', 'Le paiement sera fait le 22.\nCordialement', 'Le paiement sera fait le 22.\nCordialement'],
  ])('%s', (_name, text, want) => {
    expect(stripReply(text)).toBe(want);
  });

  it('returns quickly on a huge hostile reply', () => {
    const hostile = `${'On '.repeat(50_000)}\n${'>'.repeat(100_000)}\n${' \t'.repeat(100_000)}x`;
    const started = performance.now();
    stripReply(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
