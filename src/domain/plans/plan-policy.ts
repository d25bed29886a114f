import { z } from 'zod';
import { isCurrencyCode } from '../currency.js';

/**
 * The bounds of a payment plan, as policy data (`arbot policy load FILE.json`): how many instalments, how long,
 * the smallest instalment and, per currency, the total above which only a finance approver may approve.
 */
export interface PlanPolicy {
  /** At most this many instalments (default 6). */
  readonly maxInstalments: number;
  /** The last instalment at most this many calendar months after the plan starts (default 6). */
  readonly maxMonths: number;
  /** Per currency: every instalment at least this much (minor units); a currency not listed has no minimum. */
  readonly minInstalmentMinor: Readonly<Record<string, bigint>>;
  /** Per currency: a plan whose total is above this needs a finance approver; a currency not listed: always. */
  readonly approvalAboveMinor: Readonly<Record<string, bigint>>;
}

export const defaultPlanPolicy: PlanPolicy = {
  maxInstalments: 6, maxMonths: 6, minInstalmentMinor: {}, approvalAboveMinor: {},
};

const minorAmount = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'a whole number of minor units')])
  .transform((v) => BigInt(v));
const perCurrency = z.record(z.string().refine(isCurrencyCode, 'an ISO 4217 currency code such as EUR'), minorAmount);

/** The policy file as JSON: snake_case keys, amounts in minor units (numbers or digit strings). */
export const planPolicyFile = z.object({
  max_instalments: z.number().int().min(1, 'at least 1').max(60, 'at most 60').default(6),
  max_months: z.number().int().min(1, 'at least 1').max(60, 'at most 60').default(6),
  min_instalment_minor: perCurrency.default({}),
  approval_above_minor: perCurrency.default({}),
}).strict();

/**
 * Reads a policy file's JSON, or says what to fix.
 * @example parsePlanPolicy({ max_instalments: 4 }) // { ok: true, policy: { maxInstalments: 4, maxMonths: 6, … } }
 */
export function parsePlanPolicy(json: unknown): { ok: true; policy: PlanPolicy } | { ok: false; reason: string } {
  const r = planPolicyFile.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join('.') || 'policy'}: ${issue.message}` };
  }
  return {
    ok: true,
    policy: {
      maxInstalments: r.data.max_instalments, maxMonths: r.data.max_months,
      minInstalmentMinor: r.data.min_instalment_minor, approvalAboveMinor: r.data.approval_above_minor,
    },
  };
}

/** The policy as its file says it (amounts as digit strings, exact): what `arbot policy show` prints. */
export function planPolicyJson(p: PlanPolicy) {
  const strings = (m: Readonly<Record<string, bigint>>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.toString()]));
  return {
    max_instalments: p.maxInstalments, max_months: p.maxMonths,
    min_instalment_minor: strings(p.minInstalmentMinor), approval_above_minor: strings(p.approvalAboveMinor),
  };
}

/**
 * True when a plan of this total needs a finance approver (above the currency's amount, or no amount set for it).
 * @example needsFinanceApprover(500000n, 'EUR', { ...defaultPlanPolicy, approvalAboveMinor: { EUR: 1000000n } }) // false
 */
export function needsFinanceApprover(totalMinor: bigint, currency: string, p: PlanPolicy): boolean {
  const above = p.approvalAboveMinor[currency];
  return above === undefined || totalMinor > above;
}
