import type { CadenceStep } from './policy.js';

/**
 * The offset of the latest step already claimed for an invoice, -Infinity when none: steps go out in order, so only
 * steps after it may still go out (the due rule, due-reminder-step.ts, and `hasOverdueStepAhead`).
 * @example lastClaimedOffset([{ key: 'a', offsetDays: 3 }, { key: 'b', offsetDays: 15 }], new Set(['a'])) // 3
 */
export function lastClaimedOffset(steps: readonly Pick<CadenceStep, 'key' | 'offsetDays'>[], claimedKeys: ReadonlySet<string>): number {
  const claimed = steps.filter((s) => claimedKeys.has(s.key)).map((s) => s.offsetDays);
  return claimed.length === 0 ? -Infinity : Math.max(...claimed);
}

/**
 * True while an overdue step of the invoice's policy is still to be claimed: a reminder is still due for it, now
 * (a catch-up) or on its day, as long as the invoice stays in the cadence's window.
 * @example hasOverdueStepAhead([{ key: 'a', offsetDays: 3 }, { key: 'b', offsetDays: 15 }], new Set(['a', 'b'])) // false
 */
export function hasOverdueStepAhead(steps: readonly Pick<CadenceStep, 'key' | 'offsetDays'>[], claimedKeys: ReadonlySet<string>): boolean {
  const last = lastClaimedOffset(steps, claimedKeys);
  return steps.some((s) => s.offsetDays > 0 && s.offsetDays > last);
}
