import type { AlertView, OwnerRef } from '../../src/views/alert-view.js';
import { buildPlanCard } from './plan-cards.js';
import { buildChangeRequestCard } from './change-request-cards.js';
import { buildCreditCard } from './credit-cards.js';
import { buildBankChangeCard } from './bank-change-cards.js';
import { buildFeeClaimCard } from './fee-claim-cards.js';
import { adaptiveCard, cardBytes, teamsCardLimits, textBlock, type CardElement, type TeamsCard } from './adaptive-card.js';
import { buildApprovalCard } from './approval-cards.js';
import { buildDigestCard } from './digest-card.js';
import { buildReviewCard } from './review-card.js';
import { buildDisputeCard } from './dispute-cards.js';
import {
  buildCreditNoteAwaitedCard, buildDeliveryBlockerCard, buildIncompleteInvoiceCard, buildOverdueCard, buildPromiseBrokenCard, buildCustomerPromiseCard,
} from './invoice-cards.js';
import { buildImportRunCard } from './import-run-card.js';
import { Mentions } from './mentions.js';
import { buildEmailBouncedCard, buildEmailProblemCard, buildPaymentUnmatchedCard } from './notice-cards.js';
import { buildCustomerReplyCard, buildUnmatchedReplyCard } from './reply-cards.js';
import { escapeTeamsMarkdown } from './teams-markdown.js';

export interface AlertCardOptions {
  /** Teams user ids (AAD object ids) by owner email: those owners are mentioned (notified), others named. */
  readonly teamsIds?: ReadonlyMap<string, string>;
  /**
   * A line for the one person who clicked, on top (a refusal: "already claimed by Ana"). Teams shows an
   * `Action.Execute` answer's card to the clicker only, so this is Teams' counterpart of Slack's ephemeral reply.
   */
  readonly notice?: string;
}

/**
 * Renders one alert as an Adaptive Card 1.5 from the same view models as Slack's Block Kit. The same function
 * renders the first post and every update as the state changes (claimed, status set, approval decided), so a card
 * always shows the current state and only its controls.
 * @example buildAlertCard({ kind: 'approval', approval }).card.body.at(-1) // the Approve / Refuse / personal actions
 */
export function buildAlertCard(view: AlertView, opts: AlertCardOptions = {}): TeamsCard {
  const mentions = new Mentions(opts.teamsIds);
  const notice: CardElement[] = opts.notice === undefined ? [] : [textBlock(`⚠️ ${escapeTeamsMarkdown(opts.notice)}`, { color: 'Warning', weight: 'Bolder' })];
  return withinPayloadLimit(render(view, mentions, notice));
}

function render(view: AlertView, m: Mentions, notice: CardElement[]): TeamsCard {
  switch (view.kind) {
    case 'invoice_overdue': return buildOverdueCard(view.invoice, view.owner, m, notice);
    case 'delivery_blocker': return buildDeliveryBlockerCard(view.invoice, view.owner, view.dispute, m, notice);
    case 'dispute': return buildDisputeCard(view.dispute, view.mention, m, notice);
    case 'approval': return buildApprovalCard(view.approval, m, notice);
    case 'approval_reminder': return buildApprovalCard(view.approval, m, notice, { requestedAt: view.requestedAt, waitingHours: view.waitingHours });
    case 'weekly_digest': return buildDigestCard(view.digest);
    case 'monthly_review': return buildReviewCard(view.review);
    case 'email_bounced': return buildEmailBouncedCard(view, m, notice);
    case 'email_problem': return buildEmailProblemCard(view, m, notice);
    case 'promise_broken': return buildPromiseBrokenCard(view.invoice, view.promisedDate, view.owner, m, notice);
    case 'credit_note_awaited': return buildCreditNoteAwaitedCard(view.invoice, view.owner, m, notice);
    case 'payment_unmatched': return buildPaymentUnmatchedCard(view, m, notice);
    case 'invoice_incomplete': return buildIncompleteInvoiceCard(view.invoice, view.missing, view.owner, m, notice);
    case 'change_request': return buildChangeRequestCard(view.request, notice);
    case 'import_run': return buildImportRunCard(view.run);
    case 'customer_reply': return buildCustomerReplyCard(view.reply, view.owner, m, notice);
    case 'reply_unmatched': return buildUnmatchedReplyCard(view.reply, notice);
    case 'credit': return buildCreditCard(view, m, notice);
    case 'bank_change': return buildBankChangeCard(view.change, notice);
    case 'fee_claim': return buildFeeClaimCard(view.claim, notice);
    case 'payment_plan': return buildPlanCard(view.plan, view.owner, m, notice);
    case 'customer_promise': return buildCustomerPromiseCard(view.invoice, view.invoiceNumbers, view.amount, view.promisedDate, view.owner, m, notice);
    default: {
      // A new AlertView kind must get a rendering here; this line stops compiling until it does.
      const unknown: never = view;
      throw new Error(`no Teams rendering for alert ${(unknown as { kind: string }).kind}`);
    }
  }
}

/**
 * Teams refuses a message over its size limit. No alert comes close (long lists are cut by the builders); if one
 * ever does, drop elements before the last one (the controls) until it fits, and say so.
 */
function withinPayloadLimit(built: TeamsCard): TeamsCard {
  if (cardBytes(built.card) <= teamsCardLimits.payloadBytes) return built;
  const body = [...built.card.body];
  const controls = body.pop()!;
  const cut = textBlock('…some details are not shown (too long for Teams).', { isSubtle: true });
  const entities = built.card.msteams?.entities;
  const rebuild = () => adaptiveCard([...body, cut, controls], { fallbackText: built.summary, ...(entities ? { mentions: entities } : {}) });
  let card = rebuild();
  while (cardBytes(card) > teamsCardLimits.payloadBytes && body.length > 1) {
    body.pop();
    card = rebuild();
  }
  return { card, summary: built.summary };
}

/** The owners a view names, for looking up their Teams ids before rendering. */
export function ownersIn(view: AlertView): OwnerRef[] {
  const out: OwnerRef[] = [];
  const add = (o: OwnerRef | null | undefined) => { if (o) out.push(o); };
  switch (view.kind) {
    case 'dispute': add(view.dispute.owner); view.mention.forEach(add); break;
    case 'delivery_blocker': add(view.owner); add(view.dispute?.owner); break;
    case 'approval':
    case 'approval_reminder': add(view.approval.owner); break;
    case 'payment_unmatched':
    case 'import_run':
    case 'weekly_digest':
    case 'monthly_review':
    case 'change_request':
    case 'bank_change':
    case 'fee_claim':
    case 'reply_unmatched': break;
    default: add(view.owner);
  }
  return out;
}
