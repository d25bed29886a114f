import { describe, expect, it } from 'vitest';
import { loadEmailTemplates } from '../../blocks/email/load-templates.js';
import { buildReminderEmail, type ReminderEmailModel } from '../../blocks/email/reminder-email.js';
import { deRule, euRule, frRule, ukRule } from '../../src/domain/fees/built-in-rules.js';

// Issue 19 review: a claimed charge's legal basis is written in the customer's language, like the rest of the email.
// A claim freezes its rule's legal basis as the built-in rule states it (English for eu and uk, French for fr, German
// for de); a Belgian customer on the EU rule who reads French, or an English-speaking customer on the French rule,
// gets the basis in their own language. A custom rule's text is the company's own and is stated as loaded.
const templates = loadEmailTemplates();
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

const email = (locale: string, legalBasis: string) => buildReminderEmail({
  template: 'overdue', locale, customerName: 'Bruxelles SPRL', companyName: 'Acme', accountManager: null, escalationCopied: false,
  invoices: [{ number: 'INV-1', clientReference: null, amountDueMinor: 100_000n, currency: 'EUR', dueDate: '2026-01-01', daysOverdue: 60, payUrl: null, disputeUrl: 'https://ar.example/d/t' }],
  lateCharges: [{ invoiceNumber: 'INV-1', currency: 'EUR', compensationMinor: 4000n, interestMinor: 1000n, legalBasis }],
} satisfies ReminderEmailModel, templates);

describe("a late charge's legal basis in the customer's language", () => {
  it.each([
    ['fr-BE', euRule.legalBasis, 'Fondement juridique : Directive 2011/7/UE, art. 3 et 6 : taux de référence de la BCE + 8 points ; indemnité forfaitaire de 40 EUR pour frais de recouvrement'],
    ['fr', deRule.legalBasis, 'Fondement juridique : Code civil allemand (BGB), §288 al. 2 (taux de base du §247 BGB + 9 points) et §288 al. 5 (forfait de 40 EUR)'],
    ['fr', ukRule.legalBasis, "Fondement juridique : Late Payment of Commercial Debts (Interest) Act 1998 (Royaume-Uni), art. 4 et 6 (taux de base de la Banque d'Angleterre + 8 points), art. 5A (40/70/100 GBP selon le montant de la créance)"],
    ['fr', frRule.legalBasis, `Fondement juridique : ${frRule.legalBasis}`],
    ['en', frRule.legalBasis, 'Legal basis: French Commercial Code (Code de commerce) art. L441-10 (ECB rate + 10 points) and art. D441-5 (fixed compensation of EUR 40 for recovery costs)'],
    ['en-GB', deRule.legalBasis, 'Legal basis: German Civil Code (BGB) §288(2) (base rate under §247 BGB + 9 points) and §288(5) (lump sum of EUR 40)'],
    ['en', euRule.legalBasis, `Legal basis: ${euRule.legalBasis}`],
    ['de-DE', ukRule.legalBasis, `Legal basis: ${ukRule.legalBasis}`],
  ])('%s: %s', (locale, stored, line) => {
    const e = email(locale, stored);
    expect(plain(e.text)).toContain(line);
    expect(plain(e.html)).toContain(line.replace(/'/g, '&#39;'));
  });

  it.each(['en', 'fr'])('states a custom rule as it was loaded (%s)', (locale) => {
    expect(email(locale, 'Contrat cadre art. 12 : 1 % par mois').text).toContain('Contrat cadre art. 12 : 1 % par mois');
  });
});
