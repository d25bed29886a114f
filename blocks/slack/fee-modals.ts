import type { CustomerLateCharges } from '../../src/views/customer-view.js';
import {
  feeButtonLabels, feeRefuseReasonLabel, feeRefuseReasonPlaceholder, refuseFeesFormIntro, waiveFormIntro, waiveReasonLabel, waiveReasonPlaceholder,
} from '../wording/fee-wording.js';
import { sectionBlock, type ModalView } from './block-kit.js';
import { input, modal, textInput } from './modals.js';
import { mrkdwnMarks } from './mrkdwn.js';

/** Where the waive form's answer sits in a submission; a contract with modals already open, so it never changes. */
export const feeModalInputs = {
  waive: { reason: { blockId: 'arbot.fees_waive_reason', actionId: 'reason' } },
  refuse: { reason: { blockId: 'arbot.fees_refuse_reason', actionId: 'reason' } },
} as const;

/** Waive a customer's late-payment charges: the reason is required and goes to the audit trail. */
export function buildWaiveFeesModal(customerName: string, charges: CustomerLateCharges, privateMetadata: string): ModalView {
  return modal('waiveFees', 'Waive late charges', feeButtonLabels.waiveSubmit, privateMetadata, [
    sectionBlock(waiveFormIntro(customerName, charges, mrkdwnMarks)),
    input(feeModalInputs.waive.reason, waiveReasonLabel, textInput(1000, true, waiveReasonPlaceholder)),
  ]);
}

/** Refuse the claims waiting on a customer (a finance approver): the reason is required, shown on /ar and audited. */
export function buildRefuseFeesModal(customerName: string, charges: CustomerLateCharges | null, privateMetadata: string): ModalView {
  return modal('refuseFees', 'Refuse late charges', feeButtonLabels.refuseSubmit, privateMetadata, [
    sectionBlock(refuseFeesFormIntro(customerName, charges, mrkdwnMarks)),
    input(feeModalInputs.refuse.reason, feeRefuseReasonLabel, textInput(1000, true, feeRefuseReasonPlaceholder)),
  ]);
}
