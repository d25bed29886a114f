import { segments } from '../import/ledger-rows.js';
import type { ChangeLimits } from './change-limits.js';
import { chatRights } from './chat-rights.js';
import { termsPolicyJson, type CustomerSegment, type TermLimits, type TermsPolicy } from './terms-policy.js';

type Source = { readonly days: number; readonly from: string };

const envNames = { promiseMaxDays: 'PROMISE_MAX_DAYS', pauseMaxDays: 'PAUSE_MAX_DAYS' } as const;
const fileNames = { promiseMaxDays: 'promise_max_days', pauseMaxDays: 'pause_max_days' } as const;

function sourceOf(key: keyof TermLimits, own: TermLimits | undefined, where: string | null, policy: TermsPolicy, defaults: ChangeLimits): Source {
  const mine = own?.[key];
  if (mine !== undefined) return { days: mine, from: `policy: ${where}.${fileNames[key]}` };
  const company = policy[key];
  if (company !== undefined) return { days: company, from: `policy: ${fileNames[key]}` };
  return { days: defaults[key], from: `env: ${envNames[key]}` };
}

/**
 * What `arbot policy terms show` prints: the days in force company-wide and per segment, each with where it comes
 * from (the policy loaded, or the environment's PROMISE_MAX_DAYS / PAUSE_MAX_DAYS), who may push a payment date out
 * (read from chatRights, the one home of that rule) and who decides past the limit; then the file as loaded.
 * @example termsInForce(emptyTermsPolicy, { promiseMaxDays: 60, pauseMaxDays: 30 }).promise_max_days // { days: 60, from: 'env: PROMISE_MAX_DAYS' }
 */
export function termsInForce(policy: TermsPolicy, defaults: ChangeLimits, loaded: boolean) {
  const bySegment = {} as Record<CustomerSegment, { promise_max_days: Source; pause_max_days: Source }>;
  for (const s of segments) {
    const own = policy.segments[s];
    bySegment[s] = {
      promise_max_days: sourceOf('promiseMaxDays', own, `segments.${s}`, policy, defaults),
      pause_max_days: sourceOf('pauseMaxDays', own, `segments.${s}`, policy, defaults),
    };
  }
  return {
    promise_max_days: sourceOf('promiseMaxDays', undefined, null, policy, defaults),
    pause_max_days: sourceOf('pauseMaxDays', undefined, null, policy, defaults),
    segments: bySegment,
    who_may: {
      log_promise: chatRights.log_promise.roles,
      pause_reminders: chatRights.pause_reminders.roles,
      beyond_the_limit: chatRights.decide_change.roles,
    },
    policy_file: loaded ? termsPolicyJson(policy) : null,
  };
}
