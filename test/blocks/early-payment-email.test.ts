import { describe, expect, it } from 'vitest';
import { loadEmailTemplates } from '../../blocks/email/load-templates.js';
import { buildReminderEmail, type ReminderEmailModel } from '../../blocks/email/reminder-email.js';

// The early-payment line of the reminder emails (issue 19): stated exactly when the cadence passes an open offer.
const templates = loadEmailTemplates();
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

const model = (locale: string, earlyPayment: ReminderEmailModel['invoices'][number]['earlyPayment']): ReminderEmailModel => ({
  template: 'upcoming', locale, customerName: 'Northwind', companyName: 'Acme', accountManager: null, escalationCopied: false,
  invoices: [{
    number: 'INV-1', clientReference: null, amountDueMinor: 123_450n, currency: 'EUR', dueDate: '2026-03-17', daysOverdue: -7,
    payUrl: null, disputeUrl: 'https://ar.example/d/t', earlyPayment,
  }],
});
const offer = { payMinor: 120_981n, discountMinor: 2_469n, endsOn: '2026-03-11' };

describe('early-payment discount in reminder emails', () => {
  it.each([
    ['en', 'Early-payment discount: pay €1,209.81 instead of €1,234.50 by March 11, 2026 (you save €24.69)'],
    ['fr', 'Escompte pour paiement anticipé : réglez 1 209,81 € au lieu de 1 234,50 € au plus tard le 11 mars 2026 (vous économisez 24,69 €)'],
  ])('states the discounted amount and the last day in %s, text and HTML', (locale, line) => {
    const e = buildReminderEmail(model(locale, offer), templates);
    expect(plain(e.text)).toContain(line);
    expect(plain(e.html)).toContain(plain(line.split(':')[0]!));
    expect(plain(e.html)).toContain(locale === 'en' ? 'March 11, 2026' : '11 mars 2026');
  });
  it.each(['en', 'fr'])('says nothing of a discount without an open offer (%s)', (locale) => {
    const e = buildReminderEmail(model(locale, null), templates);
    expect(e.text).not.toMatch(/Early-payment|Escompte/);
    expect(e.html).not.toMatch(/Early-payment|Escompte/);
  });
  it('refuses an end date that is not a calendar date', () => {
    expect(() => buildReminderEmail(model('en', { ...offer, endsOn: '2026-02-30' }), templates)).toThrow(/discount end/);
  });
});
