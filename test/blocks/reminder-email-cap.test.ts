import { describe, expect, it } from 'vitest';
import { loadEmailTemplates } from '../../blocks/email/load-templates.js';
import { buildReminderEmail, type ReminderEmailModel, type ReminderInvoice } from '../../blocks/email/reminder-email.js';
import { reminderTemplateNames } from '../../blocks/email/template-fields.js';

const templates = loadEmailTemplates();
const statementUrl = 'https://ar.northwind.example/s/AQAAAAAAAAAH.statement-token-of-forty-three-characters-xx';

/** `count` open invoices, due on consecutive days from 2025-01-01, amounts 1.00 … count.00 EUR, numbers INV-00001…. */
function ledger(count: number): ReminderInvoice[] {
  return Array.from({ length: count }, (_, i) => ({
    number: `INV-${String(i + 1).padStart(5, '0')}`,
    clientReference: `PO-${i + 1}`,
    amountDueMinor: BigInt((i + 1) * 100),
    currency: 'EUR',
    dueDate: new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
    daysOverdue: 400 - i,
    payUrl: `https://pay.northwind.example/invoices/${i + 1}?session=abcdefghijklmnopqrstuvwxyz`,
    disputeUrl: `https://ar.northwind.example/d/AQAAAAAAAAAAAAAAAAAAAAA.${'x'.repeat(43)}${i}`,
  }));
}

function model(invoices: ReminderInvoice[], overrides: Partial<ReminderEmailModel> = {}): ReminderEmailModel {
  return {
    template: 'escalation', locale: 'en-GB', customerName: 'Acme Trading Ltd', companyName: 'Northwind Accounts',
    accountManager: { name: 'Jane Doe', email: 'jane.doe@northwind.example' }, escalationCopied: false,
    invoices, statementUrl, ...overrides,
  };
}

const sum = (n: number) => (n * (n + 1)) / 2; // 1 + … + n euros

describe('a customer with many open invoices gets an email that always shows the essentials', () => {
  it('200 invoices: under 90 KB, total first, 25 listed, then "and 175 more, total …" and the statement link', () => {
    // Shuffled, to show the email orders them itself.
    const invoices = ledger(200).reverse();
    const { html, text } = buildReminderEmail(model(invoices), templates);

    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(90 * 1024);
    const total = `€${sum(200).toLocaleString('en-GB')}.00`; // €20,100.00
    const firstRow = html.indexOf('INV-00001');
    expect(html.indexOf(total)).toBeGreaterThan(-1);
    expect(html.indexOf(total)).toBeLessThan(firstRow);
    expect(html.indexOf(`href="${statementUrl}"`)).toBeLessThan(firstRow); // the call to action comes before the list too

    expect(html.match(/<li\b/g)).toHaveLength(26); // 25 invoices and the "and N more" line
    expect(html).toContain('INV-00025');
    expect(html).not.toContain('INV-00026');
    const more = `€${(sum(200) - sum(25)).toLocaleString('en-GB')}.00`; // invoices 26…200
    expect(html).toContain(`and 175 more, total ${more}`);
    expect(html).toContain(`See all 200 invoices on your statement`);
    expect(html.match(new RegExp(`href="${statementUrl}"`, 'g'))).toHaveLength(2);

    expect(text.indexOf('Total due:\n  €20,100.00')).toBeLessThan(text.indexOf('INV-00001'));
    expect(text).not.toContain('INV-00026');
    expect(text).toContain(`and 175 more, total ${more}\n  See all 200 invoices on your statement: ${statementUrl}`);
    expect(text.match(/^Invoice INV-/gm)).toHaveLength(25);
  });

  it.each(reminderTemplateNames.flatMap((t) => [['en', t], ['fr', t]] as const))(
    '1,000 invoices in %s/%s stay under 90 KB and say the count', (lang, template) => {
      const { html, subject } = buildReminderEmail(model(ledger(1000), { template, locale: lang }), templates);
      expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(90 * 1024);
      expect(subject).toContain('1000');
      expect(html).toContain(lang === 'en' ? 'and 975 more, total' : 'et 975 autres, total');
      expect(html).toContain(statementUrl);
    },
  );

  it('lists the oldest due date first, then the largest amount', () => {
    const base = ledger(1)[0]!;
    const invoices: ReminderInvoice[] = [
      { ...base, number: 'NEW-SMALL', dueDate: '2026-02-01', amountDueMinor: 100n },
      { ...base, number: 'OLD-SMALL', dueDate: '2026-01-01', amountDueMinor: 100n },
      { ...base, number: 'OLD-LARGE', dueDate: '2026-01-01', amountDueMinor: 900n },
    ];
    const { text } = buildReminderEmail(model(invoices, { maxRows: 2 }), templates);
    expect([...text.matchAll(/^Invoice (\S+)/gm)].map((m) => m[1])).toEqual(['OLD-LARGE', 'OLD-SMALL']);
    expect(text).toContain('and 1 more, total €1.00');
  });

  it('sums the invoices not listed per currency, in the customer\'s language', () => {
    const base = ledger(1)[0]!;
    const invoices: ReminderInvoice[] = [
      { ...base, number: 'A', dueDate: '2026-01-01' },
      { ...base, number: 'B', dueDate: '2026-01-02', amountDueMinor: 250000n },
      { ...base, number: 'C', dueDate: '2026-01-03', currency: 'JPY', amountDueMinor: 5000n },
    ];
    expect(buildReminderEmail(model(invoices, { maxRows: 1 }), templates).text).toContain('and 2 more, total €2,500.00 and JP¥5,000');
    const fr = buildReminderEmail(model(invoices, { maxRows: 1, locale: 'fr' }), templates).text;
    expect(fr).toContain('et 2 autres, total 2\u202f500,00\u00a0€ et 5\u202f000\u00a0JPY');
  });

  it('says nothing of more invoices when every one is listed', () => {
    const { html, text } = buildReminderEmail(model(ledger(25)), templates);
    expect(html).not.toMatch(/more, total|statement/);
    expect(text).not.toMatch(/more, total|statement/);
    expect(html.match(/<li\b/g)).toHaveLength(25);
  });
});
