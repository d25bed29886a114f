import { customerCreditHoldIntro, customerCreditLimitHint, customerCreditLimitIntro } from '../wording/customer-credit-wording.js';
import { sectionBlock, type ModalView } from './block-kit.js';
import { input, modal, textInput } from './modals.js';
import { mrkdwnMarks } from './mrkdwn.js';

/** Where the /ar credit-limit form's answers sit in a submission: a contract with the view handlers, never changed. */
export const customerCreditModalInputs = {
  amount: { blockId: 'arbot.customer_credit_limit_amount', actionId: 'amount' },
  currency: { blockId: 'arbot.customer_credit_limit_currency', actionId: 'currency' },
  holdReason: { blockId: 'arbot.customer_credit_hold_reason', actionId: 'reason' },
} as const;

/**
 * "Set credit limit" from a customer's /ar view (a finance approver): the amount, and the currency, pre-filled with
 * the limit's own (a customer without a limit names one).
 */
export function buildCustomerCreditLimitModal(
  customerName: string, limit: { amount: string; currency: string } | null, privateMetadata: string,
): ModalView {
  return modal('customerCreditLimit', 'Credit limit', 'Save limit', privateMetadata, [
    sectionBlock(customerCreditLimitIntro(customerName, limit, mrkdwnMarks)),
    input(customerCreditModalInputs.amount, 'New limit', textInput(40, false, 'e.g. 50000'), { hint: customerCreditLimitHint }),
    input(customerCreditModalInputs.currency, 'Currency', textInput(3, false, 'EUR', limit?.currency ?? null), { optional: limit !== null }),
  ]);
}

/** "Put on credit hold" from a customer's /ar view (its sales owner or finance): the reason. */
export function buildCustomerCreditHoldModal(customerName: string, privateMetadata: string): ModalView {
  return modal('customerCreditHold', 'Credit hold', 'Put on hold', privateMetadata, [
    sectionBlock(customerCreditHoldIntro(customerName, mrkdwnMarks)),
    input(customerCreditModalInputs.holdReason, 'Reason', textInput(500, true, 'Why no new orders on credit')),
  ]);
}
