import type { ModalView } from '../../blocks/slack/block-kit.js';
import { buildDisputeModal, buildHoldModal, buildNoteModal, buildPromiseModal, buildRefuseChangeModal, buildRefuseModal } from '../../blocks/slack/modals.js';
import type { ChatForm } from '../../src/chat/interaction.js';
import type { SubjectRef } from '../../src/domain/subject.js';

/**
 * The modal's private_metadata names its subject like a button value: `{"i":..}` an invoice, `{"d":..}` a dispute,
 * `{"e":..}` an approval, `{"r":..}` a change request. Modals already open in people's Slack carry these, so the
 * shape never changes (adapters/slack/views reads it back).
 */
export function formMetadata(subject: SubjectRef): string {
  const id = subject.id.toString();
  switch (subject.kind) {
    case 'dispute': return JSON.stringify({ d: id });
    case 'approval': return JSON.stringify({ e: id });
    case 'change': return JSON.stringify({ r: id });
    default: return JSON.stringify({ i: id });
  }
}

/** The modal a button opens before acting, from the facts the core read for it. */
export function formModal(form: ChatForm): ModalView {
  const meta = formMetadata(form.subject);
  switch (form.form) {
    case 'promise': return buildPromiseModal(form.invoice, meta);
    case 'hold': return buildHoldModal(form.invoice, meta);
    case 'dispute': return buildDisputeModal(form.invoice, meta);
    case 'note': return buildNoteModal(form.title, meta);
    case 'refuse_approval': return buildRefuseModal(form.approval, meta);
    case 'refuse_change': return buildRefuseChangeModal(form.request.what, form.request.invoice.customerName, meta);
  }
}
