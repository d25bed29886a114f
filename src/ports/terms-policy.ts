import type { TermsPolicy } from '../domain/rights/terms-policy.js';

/** The payment-term extension policy as stored (terms_policy). */
export interface TermsPolicyStore {
  /** The policy loaded (`arbot policy terms load`), or null when none is: the environment's limits apply. */
  loadPolicy(): Promise<TermsPolicy | null>;
  /** Stores a checked policy with its audit row (terms_policy.loaded). */
  savePolicy(policy: TermsPolicy, by: string): Promise<void>;
}
