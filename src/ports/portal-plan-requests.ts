import type { PlanRefusalFacts } from '../domain/plans/validate-plan.js';

/**
 * Where the portal hands a customer's request for a payment plan (src/wire/portal-plans.ts: the plan service's
 * requestPaymentPlan). Without it, the portal does not offer the request at all.
 */
export interface PortalPlanRequest {
  /** Number of monthly payments (2 to the policy's max_instalments). */
  readonly count: number;
  /** The first payment's date (YYYY-MM-DD), after the customer's today; the others monthly on the same day. */
  readonly firstDate: string;
  /** The customer's optional note for the accounts team ('' when none). */
  readonly note: string;
}

/** The plan policy's bounds the form offers: the page's select and date range come from them. */
export interface PortalPlanBounds {
  readonly maxInstalments: number;
  readonly maxMonths: number;
}

export type PortalPlanRequestResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly facts: PlanRefusalFacts; readonly reason: string };

export interface PortalPlanRequests {
  /** The plan policy's bounds now (`arbot policy plans show`). */
  bounds(): Promise<PortalPlanBounds>;
  /**
   * The customer asks for a plan over `invoiceIds` (their own open invoices in `currency`). Resolves to whether it
   * was taken and, if not, why: the plan service's refusal code and the facts it states (the bound), which the page
   * words in the customer's language; `reason` is the service's English message, for the log only. A refused
   * request writes nothing.
   */
  request(customerId: bigint, currency: string, invoiceIds: readonly bigint[], plan: PortalPlanRequest, now: Date): Promise<PortalPlanRequestResult>;
}
