/** Minor-unit amount per currency at or above which an invoice is handled like a top account's. */
export type ApprovalThresholds = ReadonlyMap<string, bigint>;

export interface PolicySubject {
  readonly segment: 'top' | 'standard' | 'at_risk';
  readonly strategic: boolean;
  readonly currency: string;
  readonly amountMinor: bigint;
}

/**
 * Which default policy an invoice follows: at-risk customers get the tight cadence; top accounts, strategic
 * customers and large invoices get the approval-gated one; everyone else the standard one.
 * @example choosePolicy({ segment: 'standard', strategic: true, currency: 'EUR', amountMinor: 100n }, new Map()) // 'top'
 */
export function choosePolicy(s: PolicySubject, thresholds: ApprovalThresholds): 'top' | 'standard' | 'at_risk' {
  if (s.segment === 'at_risk') return 'at_risk';
  const limit = thresholds.get(s.currency);
  if (s.segment === 'top' || s.strategic || (limit !== undefined && s.amountMinor >= limit)) return 'top';
  return 'standard';
}
