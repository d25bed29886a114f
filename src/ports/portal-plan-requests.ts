/**
 * Where the portal hands a customer's request for a payment plan. Implemented by payment plans (issue 20's other
 * half); without it, the portal does not offer the request at all.
 */
export interface PortalPlanRequests {
  /**
   * The customer asks for a plan over `invoiceIds` (their own open invoices in `currency`), with their proposal in
   * their own words (e.g. "3 monthly payments from May"). Resolves to whether it was taken and, if not, why in
   * words the page can show.
   */
  request(customerId: bigint, currency: string, invoiceIds: readonly bigint[], proposal: string): Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: string }>;
}
