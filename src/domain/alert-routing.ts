import type { AlertKind } from './alerts.js';
import { subject, type SubjectRef } from './subject.js';

/** Where an owner wants alerts: their own channel when they gave one, else their team's default channel. */
export interface OwnerRoute {
  readonly ownerId: bigint;
  readonly channel: string | null;
  /** The owner's alerts go to another chat platform: on this one, neither their channel nor the team's. */
  readonly elsewhere?: boolean;
}

export interface TeamChannels {
  readonly sales: string | null;
  readonly delivery: string | null;
  readonly finance: string | null;
}

export interface RoutingFacts {
  readonly salesOwner: OwnerRoute | null;
  readonly deliveryOwner: OwnerRoute | null;
  /** The dispute's owner (who claimed it), for SLA breaches. */
  readonly disputeOwner: OwnerRoute | null;
}

export interface AlertTarget {
  readonly channel: string;
  /** The owner to mention in that channel, if any. */
  readonly mention: bigint | null;
}

/** The message an alert belongs to: alerts about the same subject update one message instead of adding more. */
export function alertSubject(kind: AlertKind, ids: { alertId: bigint; invoiceId: bigint | null; disputeId: bigint | null; emailId: bigint | null; replyId?: bigint | null }): SubjectRef {
  switch (kind) {
    case 'dispute_opened':
    case 'dispute_sla_breached':
      return subject('dispute', ids.disputeId!);
    case 'invoice_overdue':
      return subject('invoice', ids.invoiceId!);
    case 'delivery_blocker':
      return subject('delivery', ids.invoiceId!);
    case 'approval_requested':
      return subject('approval', ids.emailId!);
    case 'approval_reminder':
      return subject('approval-reminder', ids.emailId!);
    case 'customer_reply':
      // Posted in the thread of its invoice's message; updated in place there as people act on it.
      return ids.replyId == null ? subject('alert', ids.alertId) : subject('reply', ids.replyId);
    default:
      return subject('alert', ids.alertId);
  }
}

function via(owner: OwnerRoute | null, team: string | null): AlertTarget[] {
  if (owner?.elsewhere) return [];
  const channel = owner?.channel ?? team;
  return channel ? [{ channel, mention: owner?.ownerId ?? null }] : [];
}

/**
 * Which channels hear about an alert. Sales owners get what concerns the customer relationship, delivery owners
 * what blocks payment on their side, finance what needs matching or an escalation. No channel, no target: the
 * alert waits (and the start-up summary says which channels are missing).
 * @example routeAlert('payment_unmatched', facts, { sales: null, delivery: null, finance: 'C0FIN' }) // [{ channel: 'C0FIN', mention: null }]
 */
export function routeAlert(kind: AlertKind, f: RoutingFacts, teams: TeamChannels): AlertTarget[] {
  let targets: AlertTarget[];
  switch (kind) {
    case 'delivery_blocker':
      targets = via(f.deliveryOwner, teams.delivery);
      break;
    case 'dispute_opened':
    case 'customer_reply':
      // A customer's reply goes to both owners, like a dispute: "not received" is delivery's to answer.
      targets = [...via(f.salesOwner, teams.sales), ...via(f.deliveryOwner, teams.delivery)];
      break;
    case 'dispute_sla_breached':
      targets = [...via(f.disputeOwner ?? f.salesOwner, teams.sales), ...via(null, teams.finance)];
      break;
    case 'payment_unmatched':
    case 'reply_unmatched':
    case 'bank_details_change':
    case 'import_run_review':
    case 'weekly_digest':
    case 'monthly_review':
      targets = via(null, teams.finance);
      break;
    case 'credit_note_awaited':
      // Finance issues credit notes; the account manager told the customer one was coming.
      targets = [...via(null, teams.finance), ...via(f.salesOwner, teams.sales)];
      break;
    case 'credit_threshold':
    case 'credit_overdue':
      // Credit: the account manager (the sales owner) and finance, who decide on a hold or the limit.
      targets = [...via(f.salesOwner, teams.sales), ...via(null, teams.finance)];
      break;
    case 'change_requested':
      // A long pause or far promise waits for a finance approver: finance hears of it; with no finance channel,
      // the customer's sales channel, where the invoice's own message is.
      targets = via(null, teams.finance);
      if (targets.length === 0) targets = via(f.salesOwner, teams.sales);
      break;
    case 'fee_claim_approval':
      // Only a finance approver decides a claim on a top or strategic account: finance hears of it.
      targets = via(null, teams.finance);
      break;
    case 'plan_request':
    case 'plan_broken':
      // A plan is approved by the account manager or a finance approver; a broken one concerns both.
      targets = [...via(f.salesOwner, teams.sales), ...via(null, teams.finance)];
      break;
    default:
      targets = via(f.salesOwner, teams.sales);
  }
  // One post per channel: when both owners share a channel, mention the first.
  const seen = new Set<string>();
  return targets.filter((t) => (seen.has(t.channel) ? false : (seen.add(t.channel), true)));
}
