import { describe, expect, it } from 'vitest';
import { loadEmailTemplates } from '../../blocks/email/load-templates.js';
import { buildReminderEmail, type ReminderEmailModel } from '../../blocks/email/reminder-email.js';
import { reminderTemplateNames } from '../../blocks/email/template-fields.js';

const templates = loadEmailTemplates();
const portalUrl = 'https://ar.northwind.example/p/AQAAAAAAAAAHAAAAAQAAAABpqFmA.portal-token-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';

const model = (template: ReminderEmailModel['template'], locale: string, portal: string | null): ReminderEmailModel => ({
  template, locale, customerName: 'Acme', companyName: 'Northwind', accountManager: null, escalationCopied: false,
  invoices: [{ number: 'INV-1', clientReference: null, amountDueMinor: 1000n, currency: 'EUR', dueDate: '2026-03-01', daysOverdue: 5, payUrl: null, disputeUrl: 'https://ar.northwind.example/d/x' }],
  portalUrl: portal,
});

describe('the portal link in reminders', () => {
  it.each(reminderTemplateNames.flatMap((t) => [[t, 'en-GB', 'Your account online'], [t, 'fr-FR', 'Votre compte en ligne']] as const))(
    '%s in %s links the customer portal in text and HTML', (template, locale, words) => {
      const { text, html } = buildReminderEmail(model(template, locale, portalUrl), templates);
      expect(text).toContain(words);
      expect(text).toContain(portalUrl);
      expect(html).toContain(`<a href="${portalUrl}"`);
    });

  it.each([['en-GB', 'You can also ask for one online, in monthly payments: ', 'ask for a payment plan online'],
    ['fr-FR', 'Vous pouvez aussi le demander en ligne, en mensualités : ', 'demander un échéancier en ligne']] as const)(
    'the final notice in %s links its payment plan offer to the portal\'s plan request', (locale, words, linkText) => {
      const { text, html } = buildReminderEmail(model('final_notice', locale, portalUrl), templates);
      expect(text).toContain(`${words}${portalUrl}#plan-title`);
      expect(html).toContain(`<a href="${portalUrl}#plan-title" style="color:#0b57d0;">${linkText}</a>`);
      const without = buildReminderEmail(model('final_notice', locale, null), templates);
      expect(without.text).not.toContain('#plan-title');
      expect(without.html).not.toContain('#plan-title');
    });

  it('says nothing of a portal when the email has no portal link', () => {
    const { text, html } = buildReminderEmail(model('overdue', 'en-GB', null), templates);
    expect(text).not.toContain('Your account online');
    expect(html).not.toContain('/p/');
  });
});
