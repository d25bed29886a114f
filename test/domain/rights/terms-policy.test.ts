import { describe, expect, it } from 'vitest';
import { needsFinanceApproval } from '../../../src/domain/rights/change-limits.js';
import { termsInForce } from '../../../src/domain/rights/terms-in-force.js';
import {
  emptyTermsPolicy, limitsFor, parseTermsPolicy, promiseMaxDaysFor, termsPolicyJson, type CustomerSegment, type TermsPolicy,
} from '../../../src/domain/rights/terms-policy.js';

const env = { promiseMaxDays: 25, pauseMaxDays: 30 };
const policy: TermsPolicy = { promiseMaxDays: 60, segments: { top: { promiseMaxDays: 15, pauseMaxDays: 7 }, at_risk: { pauseMaxDays: 3 } } };

describe('the payment-term extension policy', () => {
  it.each<[CustomerSegment | null, TermsPolicy, { promiseMaxDays: number; pauseMaxDays: number; promiseMaxDaysFor?: string; pauseMaxDaysFor?: string }]>([
    ['top', policy, { promiseMaxDays: 15, pauseMaxDays: 7, promiseMaxDaysFor: 'top customers', pauseMaxDaysFor: 'top customers' }],
    ['standard', policy, { promiseMaxDays: 60, pauseMaxDays: 30 }],
    ['at_risk', policy, { promiseMaxDays: 60, pauseMaxDays: 3, pauseMaxDaysFor: 'at-risk customers' }],
    [null, policy, { promiseMaxDays: 60, pauseMaxDays: 30 }],
    ['top', emptyTermsPolicy, env],
  ])('a %s customer gets the segment\'s value, else the company-wide one, else the environment', (segment, p, limits) => {
    expect(limitsFor(p, segment, env)).toEqual(limits);
    expect(promiseMaxDaysFor(p === emptyTermsPolicy ? null : p, segment, env.promiseMaxDays)).toBe(limits.promiseMaxDays);
  });

  it('decides a promise 20 days out per segment: top waits for a finance approver, standard does not', () => {
    expect(needsFinanceApproval({ kind: 'promise', date: '2026-04-09' }, '2026-03-20', limitsFor(policy, 'top', env))).toBe('a promise 20 days away (more than 15 for top customers)');
    expect(needsFinanceApproval({ kind: 'promise', date: '2026-04-09' }, '2026-03-20', limitsFor(policy, 'standard', env))).toBeNull();
  });

  it.each<[string, CustomerSegment | null, TermsPolicy, string]>([
    ['the segment set it', 'at_risk', policy, 'a pause of 10 days (more than 3 for at-risk customers)'],
    ['the company-wide value', 'standard', { pauseMaxDays: 5, segments: { top: { pauseMaxDays: 7 } } }, 'a pause of 10 days (more than 5)'],
    ['the environment', 'top', emptyTermsPolicy, 'a pause of 10 days (more than 9)'],
  ])('names the segment only when %s: %s', (_, segment, p, why) => {
    const defaults = { ...env, pauseMaxDays: 9 };
    expect(needsFinanceApproval({ kind: 'pause', until: '2026-03-30' }, '2026-03-20', limitsFor(p, segment, defaults))).toBe(why);
  });

  it('reads the file (snake_case) and writes it back the same', () => {
    const file = { promise_max_days: 60, segments: { top: { promise_max_days: 15, pause_max_days: 7 }, at_risk: { pause_max_days: 3 } } };
    const r = parseTermsPolicy(file);
    expect(r).toEqual({ ok: true, policy });
    expect(termsPolicyJson(policy)).toEqual(file);
    expect(parseTermsPolicy({})).toEqual({ ok: true, policy: emptyTermsPolicy });
  });

  it.each([
    [{ promise_max_days: 1.5 }, 'promise_max_days: a whole number of days from 1 to 3650'],
    [{ pause_max_days: 3651 }, 'pause_max_days: at most 3650 days'],
    [{ segments: { gold: {} } }, 'segments: unknown segment "gold" (known: top, standard, at_risk)'],
    [{ segments: { top: { days: 1 } } }, 'segments.top: unknown field "days" (known: promise_max_days, pause_max_days)'],
    [{ max_days: 1 }, 'policy: unknown field "max_days" (known: promise_max_days, pause_max_days, segments)'],
    [[], 'policy: a JSON object such as {"promise_max_days": 60, "segments": {"top": {"promise_max_days": 15}}}'],
    [{ segments: [] }, 'segments: an object by segment (top, standard, at_risk)'],
    [{ segments: { top: 15 } }, 'segments.top: an object with promise_max_days and/or pause_max_days'],
  ])('refuses %j: %s', (json, reason) => {
    expect(parseTermsPolicy(json)).toEqual({ ok: false, reason, line: null });
  });

  it('says where each value in force comes from', () => {
    const shown = termsInForce(policy, env, true);
    expect(shown.pause_max_days).toEqual({ days: 30, from: 'env: PAUSE_MAX_DAYS' });
    expect(shown.segments.top.promise_max_days).toEqual({ days: 15, from: 'policy: segments.top.promise_max_days' });
    expect(shown.segments.standard.promise_max_days).toEqual({ days: 60, from: 'policy: promise_max_days' });
    expect(termsInForce(emptyTermsPolicy, env, false).policy_file).toBeNull();
  });
});
