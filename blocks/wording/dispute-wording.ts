import { statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { DisputeFacts, OwnerRef } from '../../src/views/alert-view.js';
import { invoiceSubject, overdueLabel, type Fact } from './invoice-wording.js';
import type { Marks } from './marks.js';

// The words of a dispute alert and of dispute lines elsewhere (home tab). Names of people come in as the surface
// writes them (mentions, already marked up).

const sourceLabels: Readonly<Record<DisputeFacts['source'], string>> = {
  import: 'ERP import',
  api: 'ERP API',
  chat: 'chat',
  customer_link: "the customer's dispute page",
  demo: 'demo ledger',
};

/** "5 h" under two days, then "3 days". @example ageLabel(50) // "2 days" */
export function ageLabel(hours: number): string {
  if (hours < 48) return `${Math.max(0, Math.floor(hours))} h`;
  return `${Math.floor(hours / 24)} days`;
}

/** Dispute facts: the invoice, its status and where the dispute came from. */
export function disputeFacts(dispute: DisputeFacts, m: Marks): Fact[] {
  const inv = dispute.invoice;
  return [
    { label: 'Customer', value: m.esc(inv.customerName) },
    { label: 'Invoice', value: m.esc(inv.number) },
    { label: 'Amount due', value: m.esc(inv.amountDue) },
    { label: 'Due', value: `${m.esc(inv.dueDate)} · ${overdueLabel(inv.daysOverdue)}` },
    { label: 'Status', value: statusLabels[dispute.status] },
    { label: 'Opened', value: `${ageLabel(dispute.ageHours)} ago, from ${sourceLabels[dispute.source]}` },
  ];
}

/** Who owns the follow-up, above the dispute's controls. `name` writes a person the surface's way. */
export const claimText = (dispute: DisputeFacts, name: (owner: OwnerRef) => string, m: Marks): string =>
  (dispute.owner === null
    ? `${m.icon('bust_in_silhouette')} Unclaimed: claim it to own the follow-up.`
    : `${m.icon('bust_in_silhouette')} Claimed by ${name(dispute.owner)}`);

/** The people told about it, without repeats, "and N more" past ten; null when there is nobody. */
export function ccText(people: readonly OwnerRef[], name: (owner: OwnerRef) => string): string | null {
  const seen = new Set<string>();
  const unique = people.filter((p) => (seen.has(p.email) ? false : (seen.add(p.email), true)));
  if (unique.length === 0) return null;
  const shown = unique.slice(0, 10).map((p) => name(p)).join(', ');
  return `cc ${shown}${unique.length > 10 ? ` and ${unique.length - 10} more` : ''}`;
}

/** Priority 1 (unresolved 48 h after it opened) stands out in the header. */
export const disputeHeader = (dispute: DisputeFacts, m: Marks): string =>
  (dispute.priority === 1
    ? `${m.icon('rotating_light')} Priority 1 — unresolved for 48 h`
    : `${m.icon('warning')} Dispute: ${m.esc(invoiceSubject(dispute.invoice))}`);

/** The sentence before the customer's words (it ends with a colon). */
export const disputeIntro = (dispute: DisputeFacts, m: Marks): string =>
  `${m.bold(dispute.invoice.customerName)} disputes invoice ${m.bold(dispute.invoice.number)}${dispute.deliveryRelated ? ' (delivery-related)' : ''}:`;

export const priorityOneText = (dispute: DisputeFacts, m: Marks): string =>
  `${m.icon('rotating_light')} Priority 1: open for ${ageLabel(dispute.ageHours)}, past the 48 h target.`;

/** The notification line; the reason is cut to 200 characters the surface's way. */
export const disputeSummary = (dispute: DisputeFacts, m: Marks): string =>
  `${dispute.priority === 1 ? 'Priority 1 dispute' : 'Dispute'}: ${m.esc(invoiceSubject(dispute.invoice))} (${statusLabels[dispute.status]}) — ${m.cut(m.esc(dispute.reason), 200)}`;
