import type { CreditFacts } from '../../src/views/credit-view.js';
import { creditHoldLine, creditLine } from '../wording/credit-wording.js';
import { contextBlock, sectionBlock, type ModalView } from './block-kit.js';
import { input, modal, textInput } from './modals.js';
import { escapeMrkdwn, mrkdwnMarks } from './mrkdwn.js';

/** Where the credit forms' answers sit in a submission: a contract with the view handlers, never changed. */
export const creditModalInputs = {
  holdReason: { blockId: 'arbot.credit_hold_reason', actionId: 'reason' },
  limitAmount: { blockId: 'arbot.credit_limit_amount', actionId: 'amount' },
} as const;

const about = (credit: CreditFacts) => [
  sectionBlock(`*${escapeMrkdwn(credit.customerName)}* · ${creditLine(credit, mrkdwnMarks)}`),
  ...(credit.hold === null ? [] : [contextBlock([creditHoldLine(credit.hold, mrkdwnMarks)])]),
];

/** Put a customer on credit hold: the reason, shown on every card of the customer until released. */
export function buildCreditHoldModal(credit: CreditFacts, privateMetadata: string): ModalView {
  return modal('creditHold', 'Credit hold', 'Put on hold', privateMetadata, [
    ...about(credit),
    input(creditModalInputs.holdReason, 'Reason', textInput(500, true, 'Why no new orders on credit')),
  ]);
}

/** Change a customer's credit limit (a finance approver): the amount, with its currency when it has no limit yet. */
export function buildCreditLimitModal(credit: CreditFacts, privateMetadata: string): ModalView {
  const currency = credit.limit?.currency ?? null;
  return modal('creditLimit', 'Credit limit', 'Save limit', privateMetadata, [
    ...about(credit),
    input(creditModalInputs.limitAmount, currency === null ? 'New limit, with its currency' : `New limit (${currency})`,
      textInput(40, false, currency === null ? 'e.g. EUR 50000' : 'e.g. 50000'),
      { hint: currency === null ? 'The currency code and the amount, e.g. "EUR 50000".' : `In ${currency}, with a "." for decimals (or another currency: "USD 50000").` }),
  ]);
}
