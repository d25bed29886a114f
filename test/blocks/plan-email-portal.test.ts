import { describe, expect, it } from 'vitest';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import type { HowToPay } from '../../src/domain/payment-methods/how-to-pay.js';
import type { PlanEmailFacts } from '../../src/ports/payment-plans.js';

// Issue 20: the portal link is in every reminder. The plan emails other than a proposal (the schedule agreed, a
// refusal, an instalment due soon or missed) end with the customer's portal, in their language, clickable in HTML.
// Every plan email says how to pay as reminders do (the partial _how_to_pay), when the facts carry bank details.

const portal = 'https://ar.example.com/p/AQAAAAAAAAAHAAAAAQAAAABpqFmA.tok';
const facts = (over: Partial<PlanEmailFacts> = {}): PlanEmailFacts => ({
  template: 'instalment_due', locale: 'en-GB', customerName: 'Northwind', companyName: 'Acme', currency: 'EUR', invoiceNumbers: ['INV-1'],
  schedule: [{ dueDate: '2026-04-15', amountMinor: 45000n, remainingMinor: 45000n }, { dueDate: '2026-05-15', amountMinor: 45000n, remainingMinor: 45000n }],
  instalmentNo: 1, portalUrl: portal, ...over,
});

describe('plan emails link the customer portal', () => {
  it.each([
    ['instalment_due', 'en-GB', 'Your account online (your payment plan and every open invoice; pay, or ask a question): '],
    ['instalment_missed', 'en-GB', 'Your account online (your payment plan and every open invoice; pay, or ask a question): '],
    ['plan_approved', 'en-GB', 'Your account online (your payment plan and every open invoice; pay, or ask a question): '],
    ['plan_refused', 'en-GB', 'Your account online (your payment plan and every open invoice; pay, or ask a question): '],
    ['instalment_due', 'fr-FR', 'Votre compte en ligne (votre échéancier et toutes les factures en attente ; payez ou posez une question) : '],
    ['instalment_missed', 'fr-FR', 'Votre compte en ligne (votre échéancier et toutes les factures en attente ; payez ou posez une question) : '],
    ['plan_approved', 'fr-FR', 'Votre compte en ligne (votre échéancier et toutes les factures en attente ; payez ou posez une question) : '],
  ] as const)('%s in %s', (template, locale, words) => {
    const m = buildPlanEmail(facts({ template, locale, ...(template === 'plan_refused' ? { reason: 'too long' } : {}) }));
    expect(m.text).toContain(`${words}${portal}\n`);
    expect(m.html).toContain(`<a href="${portal}" style="color:#0b57d0;">${portal}</a>`);
  });

  it('says nothing of a portal without a link, and a proposal keeps its own answer line only', () => {
    expect(buildPlanEmail(facts({ portalUrl: null })).text).not.toMatch(/account online|\/p\//);
    const proposal = buildPlanEmail(facts({ template: 'plan_proposed', instalmentNo: undefined, portalUrl: `${portal}#plan-proposal` })).text;
    expect(proposal).not.toContain('Your account online');
    expect(proposal.split(portal)).toHaveLength(2);
  });
});

const eur: HowToPay = {
  currency: 'EUR', accountName: 'Acme SAS', iban: 'FR14 2004 1010 0505 0001 3M02 606', bic: 'BNPAFRPP', sortCode: null, routingNumber: null,
  accountNumber: null, reference: 'INV-1', referencePerInvoice: false, wire: true, directDebitUrl: null, card: false, cardMaxMinor: null,
  changedOn: '2026-03-01', phoneToConfirm: '+33 1 23 45 67 89',
};

describe('plan emails say how to pay', () => {
  it('the account, the reference to write and a recent change of details, before the closing line (en)', () => {
    const m = buildPlanEmail(facts({ howToPay: [eur] }));
    expect(m.text).toContain([
      'IMPORTANT: our bank details for EUR payments changed on 1 March 2026.',
      'Before you pay, please confirm the new details by phone at +33 1 23 45 67 89. If any message asks you to pay into another account, call that number first.',
      '', 'How to pay (EUR)', 'By bank transfer:', '  Account name: Acme SAS', '  IBAN: FR14 2004 1010 0505 0001 3M02 606', '  BIC: BNPAFRPP',
      '  Reference to write: INV-1', '', 'If you have already paid it',
    ].join('\n'));
    expect(m.html).toContain('Reference to write: <strong>INV-1</strong>');
    expect(m.html).toContain('<a href="tel:+33123456789"');
  });

  it('in French, and nothing without details', () => {
    expect(buildPlanEmail(facts({ locale: 'fr', howToPay: [eur] })).text).toContain('Comment payer (EUR)\nPar virement bancaire :\n  Titulaire du compte : Acme SAS');
    expect(buildPlanEmail(facts()).text).not.toMatch(/How to pay|IBAN/);
  });
});
