import type { Marks } from './marks.js';

// The words of "Set credit limit" on a customer's /ar view, once for Slack's modal and Teams' inline form.

export const customerCreditLimitLabel = 'Set credit limit';

/** Above the form: the customer and its limit now. */
export const customerCreditLimitIntro = (customerName: string, limit: { amount: string; currency: string } | null, m: Marks): string =>
  `${m.bold(customerName)} · ${limit === null ? 'no credit limit yet' : `credit limit now ${m.esc(limit.amount)} ${m.esc(limit.currency)}`}. Only a finance approver can change it; the change is audited.`;

export const customerCreditLimitHint = 'The amount with a "." for decimals; the currency is an ISO code such as EUR.';

/** The credit hold buttons on a customer's /ar view, as on a credit alert (src/views/card-controls.ts creditControls). */
export const customerCreditHoldLabels = { hold: 'Put on credit hold', release: 'Release hold' } as const;

/** Above the hold form: what a hold does and who lifts it. */
export const customerCreditHoldIntro = (customerName: string, m: Marks): string =>
  `${m.bold(customerName)}: no new orders on credit while on hold. The reason shows on every card of the customer and in /ar; only a finance approver can release it. Audited.`;
