import { subject, type SubjectRef } from '../domain/subject.js';
import type { ChatAction } from './chat-action.js';

/**
 * The subject an action is about, for a surface that must show a card after it and cannot tell which was clicked
 * (a card arbot did not post, a lost row); null for commands.
 */
export function subjectOfAction(action: ChatAction): SubjectRef | null {
  switch (action.type) {
    case 'claim_dispute':
    case 'set_dispute_status': return subject('dispute', action.disputeId);
    case 'decide_approval': return subject('approval', action.emailId);
    case 'decide_change': return subject('change', action.requestId);
    case 'log_promise':
    case 'pause_reminders':
    case 'open_dispute': return subject('invoice', action.invoiceId);
    case 'add_note': return action.target;
    case 'open_form': return action.subject;
    // From /ar (a customer has no card of its own: the clicker is answered in words) or a fee claim's card.
    case 'decide_fees':
    case 'set_customer_credit_limit':
    case 'set_customer_credit_hold':
    case 'release_customer_credit_hold': return subject('customer', action.customerId);
    default: return null;
  }
}
