import { formatMoney } from '../src/domain/money.js';
import type { PortalProposal, PortalProposalAnswer } from '../src/ports/portal-plan-proposals.js';

/** What the portal page shows of proposed payment plans (the partial `_plan_proposal.html`). */
export interface PortalProposalInput {
  /** Plans proposed to the customer and waiting for their answer. */
  readonly proposals?: readonly PortalProposal[];
  /** Where Accept and Decline post (same origin): /p/<token>/proposal. Null or absent: no proposal is shown. */
  readonly proposalAction?: string | null;
  /** After an answer: what the customer answered; or why it was refused. */
  readonly proposalAnswered?: { readonly answer: PortalProposalAnswer } | { readonly refused: string } | null;
}

/**
 * The template fields of the proposals: each with its total, invoices, payments, the approver's note, and the
 * plan id its Accept / Decline form names. `day` and `locale`: the page's own date and money formats.
 * @example planProposalView({ proposals: [p], proposalAction: '/p/t/proposal' }, 'en-GB', day).planProposals[0].proposalCount // 3
 */
export function planProposalView(i: PortalProposalInput, locale: string, day: (d: string) => string): Record<string, unknown> {
  const list = i.proposalAction ? i.proposals ?? [] : [];
  const a = i.proposalAnswered ?? null;
  return {
    hasPlanProposals: list.length > 0,
    proposalAction: i.proposalAction ?? null,
    planProposals: list.map((p) => ({
      proposalPlanId: p.planId.toString(),
      proposalTotal: formatMoney(p.totalMinor, p.currency, locale),
      proposalInvoices: p.invoiceNumbers.join(', '),
      proposalCount: p.instalments.length,
      proposalBy: p.proposedBy,
      proposalNote: p.note === '' ? null : p.note,
      proposalInstalments: p.instalments.map((x, k) => ({
        proposalNo: k + 1, proposalDate: day(x.dueDate), proposalAmount: formatMoney(x.amountMinor, p.currency, locale),
      })),
    })),
    proposalAccepted: a !== null && 'answer' in a && a.answer === 'accepted',
    proposalDeclined: a !== null && 'answer' in a && a.answer === 'declined',
    proposalRefused: a !== null && 'refused' in a ? { proposalReason: a.refused } : null,
  };
}

/** The fields above, for the page templates' check (blocks/pages/load-page-templates.ts). */
export const planProposalFields = {
  top: ['hasPlanProposals', 'proposalAction', 'planProposals', 'proposalAccepted', 'proposalDeclined', 'proposalRefused'],
  lists: {
    planProposals: ['proposalPlanId', 'proposalTotal', 'proposalInvoices', 'proposalCount', 'proposalBy', 'proposalNote', 'proposalInstalments'],
    proposalInstalments: ['proposalNo', 'proposalDate', 'proposalAmount'],
    proposalRefused: ['proposalReason'],
  },
} as const;
