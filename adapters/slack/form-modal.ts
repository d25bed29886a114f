import type { ModalView } from '../../blocks/slack/block-kit.js';
import { buildDisputeModal, buildHoldModal, buildNoteModal, buildPromiseModal, buildRefuseChangeModal, buildRefuseModal } from '../../blocks/slack/modals.js';
import { buildAnswerReplyModal } from '../../blocks/slack/reply-modals.js';
import { buildRefuseFeesModal, buildWaiveFeesModal } from '../../blocks/slack/fee-modals.js';
import { buildCustomerCreditHoldModal, buildCustomerCreditLimitModal } from '../../blocks/slack/customer-credit-modals.js';
import { buildRefuseBankChangeModal } from '../../blocks/slack/bank-change-modals.js';
import { buildCreditHoldModal, buildCreditLimitModal } from '../../blocks/slack/credit-modals.js';
import { buildOfferPlanModal, buildProposePlanModal, buildRefusePlanModal } from '../../blocks/slack/plan-modals.js';
import type { ChatForm, FormPrefill } from '../../src/chat/interaction.js';
import type { SubjectRef } from '../../src/domain/subject.js';

/**
 * The modal's private_metadata names its subject like a button value: `{"i":..}` an invoice, `{"d":..}` a dispute,
 * `{"e":..}` an approval, `{"r":..}` a change request, `{"rp":..}` a customer's reply, `{"a":..}` a credit alert; a promise or dispute form
 * opened from a reply names the reply too: `{"i":..,"rp":..}`. Modals already open in people's Slack carry these,
 * so the shapes never change (adapters/slack/views reads them back).
 */
export function formMetadata(subject: SubjectRef, prefill: FormPrefill | null = null): string {
  const id = subject.id.toString();
  switch (subject.kind) {
    case 'dispute': return JSON.stringify({ d: id });
    case 'approval': return JSON.stringify({ e: id });
    case 'change': return JSON.stringify({ r: id });
    case 'reply': return JSON.stringify({ rp: id });
    case 'customer': return JSON.stringify({ cu: id });
    case 'alert': return JSON.stringify({ a: id });
    case 'bank_change': return JSON.stringify({ bc: id });
    default: return JSON.stringify(prefill === null ? { i: id } : { i: id, rp: prefill.replyId });
  }
}

/** The modal a button opens before acting, from the facts the core read for it. */
export function formModal(form: ChatForm): ModalView {
  switch (form.form) {
    case 'promise': return buildPromiseModal(form.invoice, formMetadata(form.subject, form.prefill), form.prefill);
    case 'hold': return buildHoldModal(form.invoice, formMetadata(form.subject));
    case 'dispute': return buildDisputeModal(form.invoice, formMetadata(form.subject, form.prefill), form.prefill);
    case 'note': return buildNoteModal(form.title, formMetadata(form.subject));
    case 'refuse_approval': return buildRefuseModal(form.approval, formMetadata(form.subject));
    case 'refuse_change': return buildRefuseChangeModal(form.request.what, form.request.invoice.customerName, formMetadata(form.subject));
    case 'answer_reply': return buildAnswerReplyModal(form.reply, form.to, formMetadata(form.subject));
    case 'waive_fees': return buildWaiveFeesModal(form.customerName, form.charges, formMetadata(form.subject));
    case 'credit_hold': return buildCreditHoldModal(form.credit, formMetadata(form.subject));
    case 'credit_limit': return buildCreditLimitModal(form.credit, formMetadata(form.subject));
    case 'refuse_plan': return buildRefusePlanModal(form.plan, formMetadata(form.subject));
    case 'offer_plan': return buildOfferPlanModal(form.offer, 'offerPlan', formMetadata(form.subject));
    case 'replan': return buildOfferPlanModal(form.offer, 'replan', formMetadata(form.subject));
    case 'propose_plan': return buildProposePlanModal(form.plan, form.offer, formMetadata(form.subject));
    case 'refuse_fees': return buildRefuseFeesModal(form.customerName, form.charges, formMetadata(form.subject));
    case 'customer_credit_limit': return buildCustomerCreditLimitModal(form.customerName, form.limit, formMetadata(form.subject));
    case 'refuse_bank_change': return buildRefuseBankChangeModal(form.change, formMetadata(form.subject));
    case 'customer_credit_hold': return buildCustomerCreditHoldModal(form.customerName, formMetadata(form.subject));
  }
}
