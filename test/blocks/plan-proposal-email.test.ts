import { describe, expect, it } from 'vitest';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import type { PlanEmailFacts } from '../../src/ports/payment-plans.js';

// The proposal email ("Propose other dates"): the instalments, the approver's note and the portal link where the
// customer accepts or declines, in English and French; without a link, the customer is asked to reply.

const facts = (over: Partial<PlanEmailFacts> = {}): PlanEmailFacts => ({
  template: 'plan_proposed', locale: 'en-GB', customerName: 'Northwind', companyName: 'Acme', currency: 'EUR', invoiceNumbers: ['INV-1'],
  schedule: [{ dueDate: '2026-04-15', amountMinor: 45000n, remainingMinor: 45000n }, { dueDate: '2026-05-15', amountMinor: 45000n, remainingMinor: 45000n }],
  note: 'Our books close on the 10th', portalUrl: 'https://ar.example.com/p/tok#plan-proposal', ...over,
});

describe('the plan proposal email', () => {
  it.each([
    ['en-GB', 'Other dates proposed for your payment plan', ['1. 2026-04-15: €450.00', 'A note from us: Our books close on the 10th', 'section "Your payment plan": https://ar.example.com/p/tok#plan-proposal']],
    ['fr-FR', 'D\'autres dates proposées pour votre échéancier', ['1. 2026-04-15: 450,00\u00a0€', 'Un mot de notre part : Our books close on the 10th', 'rubrique « Votre échéancier » : https://ar.example.com/p/tok#plan-proposal']],
  ])('in %s: subject, instalments, note and link', (locale, subject, lines) => {
    const m = buildPlanEmail(facts({ locale }));
    expect(m.subject).toBe(subject);
    for (const l of lines) expect(m.text).toContain(l);
    expect(m.html).toContain('https://ar.example.com/p/tok#plan-proposal');
  });

  it('without a note or a portal link: no note line, the customer is asked to reply', () => {
    const m = buildPlanEmail(facts({ note: '', portalUrl: null }));
    expect(m.text).not.toContain('A note from us');
    expect(m.text).toContain('To accept or decline these dates, please reply to this email.');
  });

  it('escapes the approver\'s note in the HTML', () => {
    expect(buildPlanEmail(facts({ note: '<b>soon</b>' })).html).toContain('&lt;b&gt;soon&lt;/b&gt;');
  });
});
