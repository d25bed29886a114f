/**
 * Where the portal shows a customer the payment plans proposed to them ("Propose other dates" in chat) and hands
 * their answer (src/wire/portal-plan-proposals.ts: the plan service's answerPlanProposal). Without it, the portal
 * shows no proposal and POST /p/<token>/proposal does not exist.
 */
export interface PortalProposal {
  readonly planId: bigint;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly invoiceNumbers: readonly string[];
  readonly instalments: readonly { readonly dueDate: string; readonly amountMinor: bigint }[];
  /** The approver's name, and their note to the customer ('' when none). */
  readonly proposedBy: string;
  readonly note: string;
}

export type PortalProposalAnswer = 'accepted' | 'declined';

export interface PortalPlanProposals {
  /** The customer's plans proposed and waiting for their answer, oldest first. */
  proposed(customerId: bigint, now: Date): Promise<PortalProposal[]>;
  /**
   * The customer's answer to a proposal on one of their own plans. Refused (nothing changes) when the plan is not
   * theirs, no longer proposed, or its first payment has passed; the reason is in words the page can show.
   */
  answer(customerId: bigint, planId: bigint, answer: PortalProposalAnswer, now: Date): Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: string }>;
}
