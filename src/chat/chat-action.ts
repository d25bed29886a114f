import type { CalendarDate } from '../domain/calendar-date.js';
import type { CustomerDisputeReason } from '../domain/customer-dispute.js';
import type { DisputeStatus } from '../domain/disputes/dispute-status.js';
import type { SubjectRef } from '../domain/subject.js';

/** The forms a button opens first on a surface that asks in a dialog (Slack's modals); Teams shows them inline. */
export type FormName = 'promise' | 'hold' | 'dispute' | 'note' | 'refuse_approval' | 'refuse_change';

/**
 * Everything a person can ask arbot in chat, whatever the surface: Slack's button values and modal submissions,
 * Teams' Action.Execute data and the local workspace all decode to this (src/chat/decode-action.ts), and
 * `handleInteraction` is the one place that acts on it. Ids are database ids, checked against int8 on decoding;
 * free text is as typed (the services check it).
 */
export type ChatAction =
  | { readonly type: 'claim_dispute'; readonly disputeId: bigint }
  | { readonly type: 'set_dispute_status'; readonly disputeId: bigint; readonly status: DisputeStatus }
  | { readonly type: 'decide_approval'; readonly emailId: bigint; readonly decision: 'approved' | 'personal' | 'refused'; readonly note: string | null }
  | { readonly type: 'decide_change'; readonly requestId: bigint; readonly decision: 'approved' | 'refused'; readonly note: string | null }
  | { readonly type: 'log_promise'; readonly invoiceId: bigint; readonly date: string; readonly amount: string; readonly note: string }
  | { readonly type: 'pause_reminders'; readonly invoiceId: bigint; readonly until: string; readonly reason: string }
  | { readonly type: 'open_dispute'; readonly invoiceId: bigint; readonly reason: CustomerDisputeReason; readonly comment: string }
  | { readonly type: 'add_note'; readonly target: SubjectRef & { readonly kind: 'invoice' | 'dispute' }; readonly text: string }
  /** A button whose details are asked in a form first: the surface shows the form, its submission is the action. */
  | { readonly type: 'open_form'; readonly form: FormName; readonly subject: SubjectRef }
  /** `/ar <query>`, `@arbot ar <query>` and the chooser's buttons (which name the customer by ERP id). */
  | { readonly type: 'show_customer'; readonly query: string }
  /** `/dso`, `@arbot dso` and "Share in channel" (`share`: for everyone in the conversation). */
  | { readonly type: 'show_dso'; readonly asOf: CalendarDate | null; readonly segment: string | null; readonly share: boolean }
  /** Slack's App Home tab, drawn for the person who opened it. */
  | { readonly type: 'show_home' };

export type ChatActionType = ChatAction['type'];
