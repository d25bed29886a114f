import type { HowToPay } from '../domain/payment-methods/how-to-pay.js';
import type { CalendarDate } from '../domain/calendar-date.js';
import type { PlanOrigin, PlanStatus } from '../domain/plans/plan-facts.js';
import type { PlanPolicy } from '../domain/plans/plan-policy.js';
import type { Instalment } from '../domain/plans/plan-schedule.js';
import type { PlanInvoice } from '../domain/plans/validate-plan.js';
import type { Parties } from '../domain/rights/chat-rights.js';

// The plan's states and origins have their home in the domain (the views show them too).
export type { PlanOrigin, PlanStatus };
export type PlanEmailKind = 'plan_approved' | 'plan_refused' | 'plan_proposed' | 'instalment_due' | 'instalment_missed';

/** The customer a plan is for: who answers for them, where and in which language to write. */
export interface PlanCustomer {
  readonly customerId: bigint;
  readonly name: string;
  readonly parties: Parties;
  readonly timezone: string;
  readonly locale: string;
  /** Billing contacts not known to bounce. */
  readonly emails: readonly string[];
  /** The account manager's (sales owner's) address: plan emails reply to it, as reminders and statements do. */
  readonly accountManagerEmail?: string | null;
}

/** The invoices asked for, with what each owes on the customer's today. */
export interface PlanInvoicesFacts {
  readonly customer: PlanCustomer;
  readonly today: CalendarDate;
  readonly invoices: readonly PlanInvoice[];
}

export interface NewPlan {
  readonly customerId: bigint;
  readonly currency: string;
  readonly origin: PlanOrigin;
  readonly status: 'requested' | 'active';
  readonly totalMinor: bigint;
  readonly needsFinanceApprover: boolean;
  readonly createdBy: string;
  /** Set when the plan starts active at once (an owner's offer within their rights). */
  readonly approvedBy: string | null;
  readonly replacesId: bigint | null;
  readonly invoices: readonly PlanInvoice[];
  readonly instalments: readonly Instalment[];
  readonly at: Date;
}

export interface PlanRecord {
  readonly id: bigint;
  readonly customerId: bigint;
  readonly currency: string;
  readonly status: PlanStatus;
  readonly origin: PlanOrigin;
  readonly totalMinor: bigint;
  readonly needsFinanceApprover: boolean;
  readonly createdBy: string;
  readonly approvedBy: string | null;
  readonly reason: string | null;
  readonly startedAt: Date | null;
  readonly invoices: readonly { readonly invoiceId: bigint; readonly number: string; readonly owedMinor: bigint }[];
  readonly instalments: readonly Instalment[];
  readonly customer: PlanCustomer;
}

/** An active plan as the plan tick sees it on the customer's today. */
export interface ActivePlan extends PlanRecord {
  readonly today: CalendarDate;
  /** What the plan's invoices still owe today. */
  readonly remainingMinor: bigint;
  /** "kind:instalment_no" of the plan emails already claimed. */
  readonly sentKeys: readonly string[];
}

export type PlanEmailOutcome =
  | { readonly status: 'sent'; readonly provider: string; readonly messageId: string | null; readonly subject: string }
  | { readonly status: 'failed' | 'in_doubt'; readonly reason: string };

export interface PaymentPlanStore {
  loadPolicy(): Promise<PlanPolicy>;
  savePolicy(policy: PlanPolicy, by: string): Promise<void>;
  /** The invoices (ids) and their customer; null when one of them does not exist. */
  planInvoices(invoiceIds: readonly bigint[], now: Date): Promise<PlanInvoicesFacts | null>;
  /** A customer's invoices that still owe money in a currency (a request "for everything I owe"). */
  openInvoiceIds(customerId: bigint, currency: string, now: Date): Promise<bigint[]>;
  /** Writes the plan, its invoices and instalments and the audit row; a conflict names the open plan holding an invoice. */
  createPlan(plan: NewPlan): Promise<{ readonly id: bigint } | { readonly conflictPlanId: bigint; readonly invoiceNumber: string }>;
  plan(planId: bigint): Promise<PlanRecord | null>;
  /** requested → active; false when it is no longer requested. */
  approvePlan(planId: bigint, by: string, at: Date): Promise<boolean>;
  /** requested → refused with the reason; false when it is no longer requested. */
  refusePlan(planId: bigint, by: string, reason: string, at: Date): Promise<boolean>;
  activePlans(now: Date): Promise<ActivePlan[]>;
  /**
   * active → completed or broken (a broken plan raises its plan_broken alert in the same transaction); the invoices
   * are free for a new plan and the normal cadence resumes. False when the plan was no longer active.
   */
  endPlan(planId: bigint, status: 'completed' | 'broken' | 'cancelled', at: Date, by: string): Promise<boolean>;
  /** Claims one plan email (once ever per plan, kind and instalment); null when already claimed. */
  claimPlanEmail(planId: bigint, kind: PlanEmailKind, instalmentNo: number, to: readonly string[], at: Date): Promise<bigint | null>;
  recordPlanEmail(emailId: bigint, outcome: PlanEmailOutcome, at: Date): Promise<void>;
  /** Raises the approval card of a request (alert plan_request) to the account manager and finance approvers. */
  raisePlanRequest(planId: bigint, at: Date): Promise<void>;
  /** Notes what a person did on a broken plan (call done, resume normal reminders) in the audit trail. */
  auditPlan(planId: bigint, action: string, by: string, details: Record<string, unknown>): Promise<void>;
  /**
   * requested → proposed: the plan's instalments become the proposal (what the customer asked is kept), its
   * invoices' owed amounts and total are today's. False when it is no longer requested (adapters/postgres/plan-proposals.ts).
   */
  proposePlan(p: NewPlanProposal): Promise<boolean>;
  /** The proposal made on a plan, or null. */
  proposal(planId: bigint): Promise<PlanProposal | null>;
  /**
   * The customer's answer: proposed → active (as an approval: started now, approved by the proposer) or declined
   * (closed, its invoices free again). Only the plan's own customer; false when it is not (or no longer) proposed.
   */
  answerProposal(planId: bigint, customerId: bigint, answer: 'accepted' | 'declined', by: string, at: Date): Promise<boolean>;
  /** The customer's plans waiting for their answer to a proposal, oldest first. */
  proposedPlanIds(customerId: bigint): Promise<bigint[]>;
  /** The plan_request alert (its approval card) of a plan, or null. */
  requestAlertId(planId: bigint): Promise<bigint | null>;
}

export interface NewPlanProposal {
  readonly planId: bigint;
  /** The approver's audit label (email) and name. */
  readonly by: string;
  readonly byName: string;
  readonly note: string;
  /** The plan's invoices with what each owes today, and their sum: the proposal's instalments add up to it. */
  readonly invoices: readonly PlanInvoice[];
  readonly totalMinor: bigint;
  readonly instalments: readonly Instalment[];
  readonly at: Date;
}

export interface PlanProposal {
  readonly planId: bigint;
  readonly proposedBy: string;
  readonly proposedByName: string;
  readonly note: string;
  readonly proposedAt: Date;
  /** What the customer had asked for. */
  readonly requested: readonly Instalment[];
  readonly answer: 'accepted' | 'declined' | null;
}

/** The plan emails: the outcome of a request, and an instalment's reminder or follow-up. */
export type PlanEmailTemplate = 'plan_approved' | 'plan_refused' | 'plan_proposed' | 'instalment_due' | 'instalment_missed';

export interface PlanEmailFacts {
  readonly template: PlanEmailTemplate;
  readonly locale: string;
  readonly customerName: string;
  readonly companyName: string;
  readonly currency: string;
  /** Invoice numbers the plan covers. */
  readonly invoiceNumbers: readonly string[];
  /** The schedule: each instalment with what is still due on it (0 when paid). */
  readonly schedule: readonly { readonly dueDate: string; readonly amountMinor: bigint; readonly remainingMinor: bigint }[];
  /** The instalment this email is about (1-based), for instalment_due and instalment_missed. */
  readonly instalmentNo?: number;
  /** A refusal's reason, as the approver wrote it. */
  readonly reason?: string;
  /** plan_proposed: the approver's note to the customer ('' or absent: none). */
  readonly note?: string;
  /**
   * plan_proposed: the customer's portal, where the proposal is accepted or declined (its plan section); every other
   * plan email: the portal itself, linked at the end (none when absent).
   */
  readonly portalUrl?: string | null;
  /** "How to pay" in the plan's currency (bank details, the reference to write), as in every reminder; none when absent. */
  readonly howToPay?: readonly HowToPay[];
}

/** Writes a plan email (blocks/email/plan-email.ts in production). */
export type RenderPlanEmail = (facts: PlanEmailFacts) => { subject: string; text: string; html: string };
