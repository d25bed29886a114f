import { describe, expect, it } from 'vitest';
import { loadEmailTemplates } from '../../blocks/email/load-templates.js';
import {
  buildReminderEmail, escapeHtml, type ReminderEmailModel, type ReminderInvoice,
} from '../../blocks/email/reminder-email.js';
import { pickTemplateLanguage } from '../../blocks/email/template-language.js';

const templates = loadEmailTemplates();
const NNBSP = '\u202f'; // French thousands separator in ICU
const NBSP = '\u00a0'; // before the currency sign in French

function invoice(overrides: Partial<ReminderInvoice> = {}): ReminderInvoice {
  return {
    number: 'INV-1001',
    clientReference: 'PO-7788',
    amountDueMinor: 123450n,
    currency: 'EUR',
    dueDate: '2026-03-31',
    daysOverdue: 10,
    payUrl: 'https://pay.northwind.example/i/1001?s=a&t=b',
    disputeUrl: 'https://ar.northwind.example/d/tok-1001',
    ...overrides,
  };
}

function model(overrides: Partial<ReminderEmailModel> = {}): ReminderEmailModel {
  return {
    template: 'escalation',
    locale: 'en-GB',
    customerName: 'Acme Trading Ltd',
    companyName: 'Northwind Accounts',
    accountManager: { name: 'Jane Doe', email: 'jane.doe@northwind.example' },
    escalationCopied: true,
    invoices: [
      invoice(),
      invoice({
        number: 'INV-1002', clientReference: null, amountDueMinor: 5000n, currency: 'JPY', dueDate: '2026-04-02',
        daysOverdue: 1, payUrl: null, disputeUrl: 'https://ar.northwind.example/d/tok-1002',
      }),
    ],
    ...overrides,
  };
}

/** The text of every link, with its href as a client decodes it. */
function links(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<a\s+href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)]
    .map((m) => ({ href: m[1]!.replace(/&amp;/g, '&'), text: m[2]!.replace(/\s+/g, ' ').trim() }));
}

// Every template shipped: the four steps' and the variants a step experiment may use (overdue_soft).
const everyTemplate = (['en', 'fr'] as const).flatMap((lang) => templates.names.map((t) => [lang, t] as const));

describe('every template in every language', () => {
  it.each(everyTemplate)('%s/%s lists every invoice with its amount, due date and links', (lang, template) => {
    const m = model({ template, locale: lang === 'en' ? 'en-GB' : 'fr-FR' });
    const email = buildReminderEmail(m, templates);

    const amounts = lang === 'en' ? ['€1,234.50', 'JP¥5,000'] : [`1${NNBSP}234,50${NBSP}€`, `5${NNBSP}000${NBSP}JPY`];
    const dates = lang === 'en' ? ['31 March 2026', '2 April 2026'] : ['31 mars 2026', '2 avril 2026'];
    for (const part of [email.text, email.html]) {
      for (const text of ['INV-1001', 'INV-1002', 'PO-7788', ...amounts, ...dates, 'Acme Trading Ltd', 'Jane Doe']) {
        expect(part).toContain(text);
      }
    }
    expect(email.text).toContain('https://pay.northwind.example/i/1001?s=a&t=b');
    expect(email.text).toContain('https://ar.northwind.example/d/tok-1001');
    expect(email.text).toContain('https://ar.northwind.example/d/tok-1002');
    expect(email.text).toContain(lang === 'en' ? 'Something wrong with this invoice? Tell us' : 'Une erreur sur cette facture ?');

    const hrefs = links(email.html).map((l) => l.href);
    expect(hrefs).toEqual(expect.arrayContaining([
      'https://pay.northwind.example/i/1001?s=a&t=b',
      'https://ar.northwind.example/d/tok-1001',
      'https://ar.northwind.example/d/tok-1002',
      'mailto:jane.doe@northwind.example',
    ]));
    // One pay link (INV-1002 has none), one dispute link per invoice.
    expect(hrefs.filter((h) => h.startsWith('https://pay.'))).toHaveLength(1);
    expect(hrefs.filter((h) => h.includes('/d/tok-'))).toHaveLength(2);

    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.text).not.toMatch(/\{\{|\}\}/);
    expect(email.html).not.toMatch(/\{\{|\}\}/);
  });

  it.each(everyTemplate)('%s/%s HTML is simple and accessible', (lang, template) => {
    const { html } = buildReminderEmail(model({ template, locale: lang }), templates);

    expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\s*<html lang="${lang}"`));
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    // The invoices are a list with a heading (stacked lines read at any width), the totals a table with row headers.
    expect(html).toMatch(/<h2[^>]*>[^<]+<\/h2>\s*<ul/);
    expect(html.match(/<li\b/g)).toHaveLength(2);
    expect(html.match(/<th scope="row"/g)!.length).toBeGreaterThanOrEqual(2);
    // No external resources, no stylesheet or script: inline styles only.
    expect(html).not.toMatch(/<(img|link|script|style|iframe|object)\b|\bsrc=|url\(|@import/i);
    // Every link says where it goes; none is a bare "click here" or a raw URL.
    for (const { text } of links(html)) {
      expect(text.length).toBeGreaterThan(5);
      expect(text).not.toMatch(/^(click here|here|ici|cliquez ici)$/i);
      if (!text.includes('@')) expect(text).not.toMatch(/^https?:/);
    }
    expect(links(html).map((l) => l.text)).toEqual(expect.arrayContaining([
      lang === 'en' ? 'Pay invoice INV-1001 online' : 'Payer la facture INV-1001 en ligne',
      lang === 'en' ? 'Tell us about invoice INV-1002' : 'Signalez-nous un problème sur la facture INV-1002',
    ]));
  });
});

describe('locale formatting', () => {
  it.each([
    ['fr', 123450n, 'EUR', `1${NNBSP}234,50${NBSP}€`],
    ['fr-CA', 123450n, 'EUR', `1${NBSP}234,50${NBSP}€`], // Canadian French groups with a no-break space
    ['fr', 5000n, 'JPY', `5${NNBSP}000${NBSP}JPY`],
    ['fr', 1234n, 'KWD', `1,234${NBSP}KWD`],
    ['en-GB', 5000n, 'JPY', 'JP¥5,000'],
    ['en-GB', 12345678n, 'KWD', `KWD${NBSP}12,345.678`],
    ['en', 1n, 'KWD', `KWD${NBSP}0.001`],
    ['de', 123450n, 'EUR', `1.234,50${NBSP}€`],
  ])('%s writes %s minor units of %s as %s', (locale, amountDueMinor, currency, shown) => {
    const email = buildReminderEmail(model({ locale, invoices: [invoice({ amountDueMinor, currency })] }), templates);
    expect(email.text).toContain(shown);
    expect(email.html).toContain(shown);
  });

  it.each([
    ['fr', '2026-03-31', '31 mars 2026'],
    ['fr', '2026-01-01', '1 janvier 2026'],
    ['en-GB', '2026-12-31', '31 December 2026'],
    ['en', '2026-03-31', 'March 31, 2026'],
    ['en-US', '2026-01-01', 'January 1, 2026'],
  ])('%s writes due date %s as "%s", the calendar day unshifted', (locale, dueDate, shown) => {
    const email = buildReminderEmail(model({ locale, invoices: [invoice({ dueDate })] }), templates);
    expect(email.text).toContain(shown);
    expect(email.html).toContain(shown);
  });

  it('totals each currency separately, in the order currencies first appear', () => {
    const email = buildReminderEmail(model({
      locale: 'en-GB',
      invoices: [
        invoice({ number: 'A', amountDueMinor: 100000n }),
        invoice({ number: 'B', currency: 'JPY', amountDueMinor: 5000n }),
        invoice({ number: 'C', amountDueMinor: 23450n }),
      ],
    }), templates);

    expect(email.text).toMatch(/Total due:\n {2}€1,234\.50\n {2}JP¥5,000\n/);
    expect(email.html).toMatch(/Total due \(EUR\)<\/th>\s*<td[^>]*>€1,234\.50<\/td>/);
    expect(email.html).toMatch(/Total due \(JPY\)<\/th>\s*<td[^>]*>JP¥5,000<\/td>/);
  });

  it.each([
    ['en-GB', 1, '(1 day overdue)'],
    ['en-GB', 10, '(10 days overdue)'],
    ['fr', 1, '(en retard de 1 jour)'],
    ['fr', 3, '(en retard de 3 jours)'],
  ])('%s says %i days overdue as "%s"', (locale, daysOverdue, shown) => {
    const email = buildReminderEmail(model({ template: 'overdue', locale, invoices: [invoice({ daysOverdue })] }), templates);
    expect(email.text).toContain(shown);
  });

  it.each([
    ['en-GB', -7, '31 March 2026 (in 7 days)'],
    ['en-GB', -1, '(in 1 day)'],
    ['en-GB', 0, '(today)'],
    ['fr', -7, '31 mars 2026 (dans 7 jours)'],
  ])('the upcoming step in %s with daysOverdue %i says "%s"', (locale, daysOverdue, shown) => {
    const email = buildReminderEmail(model({ template: 'upcoming', locale, invoices: [invoice({ daysOverdue })] }), templates);
    expect(email.text).toContain(shown);
    expect(email.text).not.toContain('overdue');
  });
});

describe('escaping', () => {
  const hostile = model({
    customerName: '<script>alert(1)</script>',
    invoices: [invoice({ clientReference: `R&D "Q1" l'équipe <b>` })],
  });

  it('escapes customer and invoice text in HTML', () => {
    const { html } = buildReminderEmail(hostile, templates);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).toContain('R&amp;D &quot;Q1&quot; l&#39;équipe &lt;b&gt;');
    expect(html).not.toContain('<b>');
  });

  it('keeps the plain text and the subject unescaped', () => {
    const { text, subject } = buildReminderEmail({ ...hostile, invoices: [invoice({ number: 'A&B-1' })] }, templates);
    expect(buildReminderEmail(hostile, templates).text).toContain('Dear <script>alert(1)</script>,');
    expect(buildReminderEmail(hostile, templates).text).toContain(`(your reference: R&D "Q1" l'équipe <b>)`);
    expect(text).toContain('Invoice A&B-1');
    expect(subject).toBe('Overdue invoice A&B-1: please arrange payment');
  });

  it('escapes an ampersand in a link inside href', () => {
    const { html } = buildReminderEmail(model(), templates);
    expect(html).toContain('href="https://pay.northwind.example/i/1001?s=a&amp;t=b"');
  });

  it('leaves out a pay link that is not http(s)', () => {
    const email = buildReminderEmail(model({ invoices: [invoice({ payUrl: 'javascript:alert(1)' })] }), templates);
    expect(email.html).not.toContain('javascript:');
    expect(email.text).not.toContain('javascript:');
    expect(email.text).not.toContain('Pay online');
  });

  it.each([
    ['<a href="x">&</a>', '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'],
    [`it's`, 'it&#39;s'],
    ['https://a.example/p?x=1/2', 'https://a.example/p?x=1/2'],
  ])('escapeHtml(%j) is %j', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });
});

describe('subjects', () => {
  const one = [invoice()];
  const two = model().invoices;
  it.each([
    ['upcoming', 'en-GB', one, 'Upcoming payment: invoice INV-1001 is due on 31 March 2026'],
    ['upcoming', 'en-GB', two, 'Upcoming payment: 2 invoices are due soon'],
    ['overdue', 'en-GB', one, 'Payment reminder: invoice INV-1001 is overdue'],
    ['overdue', 'en-GB', two, 'Payment reminder: 2 invoices are overdue'],
    ['escalation', 'en-GB', one, 'Overdue invoice INV-1001: please arrange payment'],
    ['escalation', 'en-GB', two, '2 overdue invoices: please arrange payment'],
    ['final_notice', 'en-GB', one, 'Final notice: overdue invoice INV-1001'],
    ['final_notice', 'en-GB', two, 'Final notice: 2 overdue invoices'],
    ['upcoming', 'fr', one, 'Échéance prochaine : facture INV-1001 à régler le 31 mars 2026'],
    ['upcoming', 'fr', two, 'Échéance prochaine : 2 factures à régler prochainement'],
    ['overdue', 'fr', one, 'Rappel : facture INV-1001 en attente de règlement'],
    ['overdue', 'fr', two, 'Rappel : 2 factures en attente de règlement'],
    ['escalation', 'fr', one, 'Facture INV-1001 impayée : merci de procéder au règlement'],
    ['escalation', 'fr', two, '2 factures impayées : merci de procéder au règlement'],
    ['final_notice', 'fr', one, 'Dernier avis : facture INV-1001 impayée'],
    ['final_notice', 'fr', two, 'Dernier avis : 2 factures impayées'],
  ] as const)('%s in %s for %#', (template, locale, invoices, subject) => {
    expect(buildReminderEmail(model({ template, locale, invoices }), templates).subject).toBe(subject);
  });
});

describe('wording by step', () => {
  it.each([
    ['en-GB', 'escalation', 'We wrote to you about the invoice below on 3 December 2026, and it remains unpaid.'],
    ['en-GB', 'final_notice', 'We last wrote to you on 3 December 2026 about the invoice below, which remains unpaid.'],
    ['fr', 'escalation', 'Nous vous avons écrit le 3 décembre 2026 au sujet de la facture ci-dessous, qui reste impayée.'],
    ['fr', 'final_notice', 'Nous vous avons écrit pour la dernière fois le 3 décembre 2026 au sujet de la facture ci-dessous'],
  ])('%s %s states only when arbot last wrote, never "several times"', (locale, template, sentence) => {
    const told = buildReminderEmail(model({ locale, template, previousEmailDate: '2026-12-03', invoices: [invoice()] }), templates);
    expect(told.text).toContain(sentence);
    expect(told.html).toContain(sentence);
    const never = buildReminderEmail(model({ locale, template, previousEmailDate: null }), templates);
    for (const body of [never.text, never.html, told.text]) {
      expect(body).not.toMatch(/several times|earlier reminder|plusieurs reprises|précédent rappel/);
    }
    expect(never.text).not.toMatch(/wrote to you|avons écrit/);
  });

  it.each(['en-GB', 'fr'])('escalation in %s says the escalation contact is copied only when it is', (locale) => {
    const copied = /escalation contact|interlocuteur référent/;
    expect(buildReminderEmail(model({ locale, escalationCopied: true }), templates).text).toMatch(copied);
    expect(buildReminderEmail(model({ locale, escalationCopied: false }), templates).text).not.toMatch(copied);
    expect(buildReminderEmail(model({ locale, escalationCopied: false }), templates).html).not.toMatch(copied);
  });

  it.each([
    ['en-GB', 'payment plan', 'reply to this email to arrange one', 'we may suspend further deliveries and refer the matter for collection as the contract allows'],
    ['fr', 'échéancier de paiement', 'répondre à ce message', 'nous pourrons suspendre les prochaines livraisons et confier le recouvrement de la créance à un tiers, comme le contrat le permet'],
  ])('the final notice in %s offers a payment plan and states measured consequences', (locale, plan, reply, consequences) => {
    const email = buildReminderEmail(model({ template: 'final_notice', locale }), templates);
    for (const part of [email.text, email.html]) {
      expect(part).toContain(plan);
      expect(part).toContain(reply);
      expect(part).toContain(consequences);
    }
  });

  it('signs with the company alone when there is no account manager', () => {
    const email = buildReminderEmail(model({ accountManager: null }), templates);
    expect(email.text).toMatch(/Kind regards,\n\nNorthwind Accounts\n*$/);
    expect(email.html).not.toContain('mailto:');
  });
});

describe('language choice', () => {
  it.each([
    ['fr', 'fr'], ['fr-CA', 'fr'], ['fr-FR', 'fr'], ['en', 'en'], ['en-GB', 'en'],
    ['de', 'en'], ['de-DE', 'en'], ['not a locale!', 'en'], ['', 'en'],
  ])('%j gets the %s templates', (locale, language) => {
    expect(pickTemplateLanguage(locale, templates.languages)).toBe(language);
  });

  it('writes to a German customer in English, with amounts and dates in German', () => {
    const email = buildReminderEmail(model({ template: 'overdue', locale: 'de-DE', invoices: [invoice()] }), templates);
    expect(email.subject).toBe('Payment reminder: invoice INV-1001 is overdue');
    expect(email.html).toMatch(/^<!DOCTYPE html>\s*<html lang="en"/);
    expect(email.text).toContain(`1.234,50${NBSP}€`);
    expect(email.text).toContain('31. März 2026');
  });

  it('writes French to a French-Canadian customer', () => {
    const email = buildReminderEmail(model({ template: 'overdue', locale: 'fr-CA', invoices: [invoice()] }), templates);
    expect(email.subject).toBe('Rappel : facture INV-1001 en attente de règlement');
    expect(email.text).toContain('À l\'attention de Acme Trading Ltd');
  });
});

describe('models the engine must never produce', () => {
  it.each([
    ['no invoice', model({ invoices: [] }), /at least one invoice/],
    ['an unknown template', model({ template: 'gentle_nudge' }), /no email template "gentle_nudge"/],
    ['an impossible due date', model({ invoices: [invoice({ dueDate: '2026-02-30' })] }), /not YYYY-MM-DD/],
    ['an unknown currency', model({ invoices: [invoice({ currency: 'XYZ' })] }), /unknown currency/],
  ])('throws on %s', (_what, m, message) => {
    expect(() => buildReminderEmail(m, templates)).toThrow(message);
  });
});
