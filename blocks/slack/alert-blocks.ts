import type { AlertView } from '../../src/views/alert-view.js';
import { buildApprovalAlert, buildApprovalReminder } from './approval-alerts.js';
import { buildChangeRequestAlert } from './change-request-alerts.js';
import { buildCreditAlert } from './credit-alerts.js';
import { buildBankChangeAlert } from './bank-change-alerts.js';
import { buildFeeClaimAlert } from './fee-claim-alerts.js';
import { buildDigestMessage } from './digest-blocks.js';
import { buildReviewMessage } from './review-blocks.js';
import { blockKitLimits, contextBlock, type SlackMessage } from './block-kit.js';
import { buildDisputeAlert } from './dispute-alerts.js';
import {
  buildCreditNoteAwaitedAlert, buildDeliveryBlockerAlert, buildIncompleteInvoiceAlert, buildOverdueAlert, buildPromiseBrokenAlert, buildCustomerPromiseAlert,
} from './invoice-alerts.js';
import { buildImportRunAlert } from './import-run-alert.js';
import { buildEmailBouncedAlert, buildEmailProblemAlert, buildPaymentUnmatchedAlert } from './notice-alerts.js';
import { buildCustomerReplyAlert, buildUnmatchedReplyAlert } from './reply-alerts.js';
import { buildPlanAlert } from './plan-alerts.js';

export { parseActionValue, type ActionValue, type ParsedActionValue } from './action-value.js';
export type { SlackMessage } from './block-kit.js';

/**
 * Renders one alert as a Slack message: `text` is the notification fallback (escaped, no markup of arbot's own),
 * `blocks` the message. The same function renders the first post and every `chat.update` as the state changes
 * (claimed, status set, approval decided), so a message always shows the current state and only its controls.
 * @example buildAlertMessage({ kind: 'approval', approval }).blocks.at(-1) // the Approve / Refuse / personal actions
 */
export function buildAlertMessage(view: AlertView): SlackMessage {
  return withinMessageLimit(render(view));
}

function render(view: AlertView): SlackMessage {
  switch (view.kind) {
    case 'invoice_overdue': return buildOverdueAlert(view.invoice, view.owner);
    case 'delivery_blocker': return buildDeliveryBlockerAlert(view.invoice, view.owner, view.dispute);
    case 'dispute': return buildDisputeAlert(view.dispute, view.mention);
    case 'approval': return buildApprovalAlert(view.approval);
    case 'approval_reminder': return buildApprovalReminder(view.approval, view.waitingHours);
    case 'weekly_digest': return buildDigestMessage(view.digest);
    case 'monthly_review': return buildReviewMessage(view.review);
    case 'email_bounced': return buildEmailBouncedAlert(view);
    case 'email_problem': return buildEmailProblemAlert(view);
    case 'promise_broken': return buildPromiseBrokenAlert(view.invoice, view.promisedDate, view.owner);
    case 'credit_note_awaited': return buildCreditNoteAwaitedAlert(view.invoice, view.owner);
    case 'payment_unmatched': return buildPaymentUnmatchedAlert(view);
    case 'invoice_incomplete': return buildIncompleteInvoiceAlert(view.invoice, view.missing, view.owner);
    case 'change_request': return buildChangeRequestAlert(view.request);
    case 'import_run': return buildImportRunAlert(view.run);
    case 'customer_reply': return buildCustomerReplyAlert(view.reply, view.owner);
    case 'reply_unmatched': return buildUnmatchedReplyAlert(view.reply);
    case 'credit': return buildCreditAlert(view);
    case 'bank_change': return buildBankChangeAlert(view.change);
    case 'fee_claim': return buildFeeClaimAlert(view.claim);
    case 'payment_plan': return buildPlanAlert(view.plan, view.owner);
    case 'customer_promise': return buildCustomerPromiseAlert(view.invoice, view.invoiceNumbers, view.amount, view.promisedDate, view.owner);
    default: {
      // A new AlertView kind must get a rendering here; this line stops compiling until it does.
      const unknown: never = view;
      throw new Error(`no Slack rendering for alert ${(unknown as { kind: string }).kind}`);
    }
  }
}

/**
 * Slack refuses a message of more than 50 blocks outright. No alert comes close today; if one ever does, keep
 * the first 49 blocks and say so, rather than lose the alert.
 */
function withinMessageLimit(message: SlackMessage): SlackMessage {
  const max = blockKitLimits.messageBlocks;
  if (message.blocks.length <= max) return message;
  const hidden = message.blocks.length - (max - 1);
  return { text: message.text, blocks: [...message.blocks.slice(0, max - 1), contextBlock([`…and ${hidden} more blocks not shown.`])] };
}
