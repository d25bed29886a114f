import { describe, expect, it } from 'vitest';
import { renderPortalPage, type PortalFormError, type PortalPageInput } from '../../blocks/portal-page.js';
import type { CustomerPortal } from '../../src/ports/customer-portal.js';

// The plan service's refusals as the portal words them: in the customer's language from the refusal's code and
// facts, never the service's English message (that one is chat's).
const portal = (locale: string): CustomerPortal => ({
  customerId: 1n, customerExternalId: 'C-1', customerName: 'Client', locale, timezone: 'Europe/Paris', keyVersion: 1, plans: [],
  invoices: [{
    invoiceId: 7n, number: 'F-7', clientReference: null, currency: 'EUR', dueMinor: 120_000n, dueDate: '2026-03-01', payUrl: null,
    proofUrl: null, disputed: false, promise: null, inPlan: false, planRequested: false, creditNoteAnnounced: false, earlyPayment: null,
  }],
});
const page = (locale: string, error: PortalFormError) => {
  const input: PortalPageInput = {
    portal: portal(locale), today: '2026-03-20', latestPromiseDate: '2026-05-19', csrf: 'c', promiseAction: '/p/t/promise',
    planAction: '/p/t/plan', planBounds: { maxCount: 6, firstMin: '2026-03-21', firstMax: '2026-08-20' }, disputeUrl: () => 'https://ar.example/d/x',
    form: { which: 'plan', invoiceIds: ['7'], count: '3', firstDate: '2026-04-15', note: '', error },
  };
  return /<ul><li><a href="#([^"]+)">([\s\S]*?)\n?<\/a><\/li><\/ul>/.exec(renderPortalPage(input).replace(/[\u202f\u00a0]/g, ' '))!.slice(1);
};
const refused = (code: string, facts: Record<string, unknown> = {}): PortalFormError => ({ code: 'plan_refused', refused: code, facts });

describe('the portal words the plan service\'s refusals in the customer\'s language', () => {
  it.each([
    ['instalment_too_small', { instalmentNo: 1, amountMinor: 3000n, minMinor: 5000n, currency: 'EUR' }, 'plan-count',
      'Each monthly payment must be at least €50.00, and payment 1 would be €30.00: choose fewer payments.',
      'Chaque mensualité doit être d\'au moins 50,00 €, et la mensualité 1 serait de 30,00 € : choisissez moins de mensualités.'],
    ['already_in_plan', { invoiceNumber: 'F-7' }, 'plan-invoices',
      'Invoice F-7 is already in a payment plan or a request.', 'La facture F-7 fait déjà partie d\'un échéancier ou d\'une demande.'],
    ['not_owed', { invoiceNumber: 'F-7' }, 'plan-invoices', 'Invoice F-7 has nothing left to pay.', 'La facture F-7 n\'a plus rien à régler.'],
    ['too_many_instalments', { max: 4 }, 'plan-count', 'Choose from 2 to 4 monthly payments.', 'Choisissez de 2 à 4 mensualités.'],
    ['too_long', { latest: '2026-09-20' }, 'plan-count',
      'The last payment can fall on 20 September 2026 at the latest: choose fewer payments or an earlier first date.',
      'Le dernier paiement peut tomber au plus tard le 20 septembre 2026 : choisissez moins de mensualités ou une première date plus proche.'],
    ['date_not_after_today', { today: '2026-03-20' }, 'plan-first-date', 'The first payment must fall after 20 March 2026.',
      'Le premier paiement doit tomber après le 20 mars 2026.'],
    // A refusal the page has no words for, or one without the facts its words need: said in general terms.
    ['invalid', {}, 'plan-count', 'We cannot take this request as it is: please change it, or contact us.',
      'Nous ne pouvons pas prendre en compte cette demande telle quelle : modifiez-la ou contactez-nous.'],
    ['already_in_plan', {}, 'plan-invoices', 'We cannot take this request as it is: please change it, or contact us.',
      'Nous ne pouvons pas prendre en compte cette demande telle quelle : modifiez-la ou contactez-nous.'],
  ])('%s (case %#)', (code, facts, anchor, en, fr) => {
    expect(page('en-GB', refused(code, facts))).toEqual([anchor, en]);
    expect(page('fr-FR', refused(code, facts))).toEqual([anchor, fr]);
  });
});
