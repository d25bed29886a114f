import { bankChangeRefuseIntro, bankChangeRefuseLabel, bankChangeRefusePlaceholder } from '../wording/bank-change-wording.js';
import { sectionBlock, type ModalView } from './block-kit.js';
import { input, modal, textInput } from './modals.js';
import { mrkdwnMarks } from './mrkdwn.js';

/** Where the refusal's reason sits in a submission: a contract with the view handlers, never changed. */
export const bankChangeModalInputs = { refuseReason: { blockId: 'arbot.bank_change_refuse_reason', actionId: 'reason' } } as const;

/** Refuse a change of bank details (a finance approver): the reason, shown on the card and kept in the audit trail. */
export function buildRefuseBankChangeModal(change: { currency: string; requestedBy: string }, privateMetadata: string): ModalView {
  return modal('refuseBankChange', 'Refuse bank details', 'Refuse', privateMetadata, [
    sectionBlock(bankChangeRefuseIntro(change, mrkdwnMarks)),
    input(bankChangeModalInputs.refuseReason, bankChangeRefuseLabel, textInput(1000, true, bankChangeRefusePlaceholder)),
  ]);
}
