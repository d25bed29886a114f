import { z } from 'zod';
import { segments } from '../import/ledger-rows.js';
import { jsonPathLine } from '../payment-methods/json-path-line.js';
import type { ChangeLimits } from './change-limits.js';

/** A customer's segment (customers.segment). */
export type CustomerSegment = (typeof segments)[number];

/** Days a change may push a payment date out without a finance approver; unset: the level above decides. */
export interface TermLimits {
  readonly promiseMaxDays?: number;
  readonly pauseMaxDays?: number;
}

/**
 * The payment-term extension policy of issue 19, as data (`arbot policy terms load FILE.json`): by how many days
 * a promise or a pause may push a payment date out on one person's word, company-wide and per customer segment.
 * A segment's value wins over the company-wide one, which wins over PROMISE_MAX_DAYS / PAUSE_MAX_DAYS. Who may make
 * the change at all stays in chatRights (log_promise, pause_reminders); past the limit it waits for a finance approver.
 */
export interface TermsPolicy extends TermLimits {
  readonly segments: Readonly<Partial<Record<CustomerSegment, TermLimits>>>;
}

export const emptyTermsPolicy: TermsPolicy = { segments: {} };

/** Ten years: a bound that catches a typo (days typed as a date) without restricting any real policy. */
export const maxTermDays = 3650;

const days = z.number({ error: `a whole number of days from 1 to ${maxTermDays}` })
  .int(`a whole number of days from 1 to ${maxTermDays}`)
  .min(1, `a whole number of days from 1 to ${maxTermDays}`)
  .max(maxTermDays, `at most ${maxTermDays} days`);

const limitKeys = ['promise_max_days', 'pause_max_days'] as const;
const limitsFile = z.strictObject(
  { promise_max_days: days.optional(), pause_max_days: days.optional() },
  { error: 'an object with promise_max_days and/or pause_max_days' },
);

/** The policy file as JSON: snake_case keys, every one optional (`{}` leaves the environment's defaults in force). */
export const termsPolicyFile = z.strictObject({
  promise_max_days: days.optional(),
  pause_max_days: days.optional(),
  segments: z.strictObject(
    { top: limitsFile.optional(), standard: limitsFile.optional(), at_risk: limitsFile.optional() },
    { error: `an object by segment (${segments.join(', ')})` },
  ).default({}),
}, { error: 'a JSON object such as {"promise_max_days": 60, "segments": {"top": {"promise_max_days": 15}}}' });

export type TermsPolicyParse = { ok: true; policy: TermsPolicy } | { ok: false; reason: string; line: number | null };

const fromFile = (l: z.infer<typeof limitsFile>): TermLimits => ({
  ...(l.promise_max_days === undefined ? {} : { promiseMaxDays: l.promise_max_days }),
  ...(l.pause_max_days === undefined ? {} : { pauseMaxDays: l.pause_max_days }),
});

/**
 * Reads a policy's JSON, or says what to fix (the field's path and, given the file's text, its line).
 * @example parseTermsPolicy({ promise_max_days: 60, segments: { top: { promise_max_days: 15 } } }) // { ok: true, policy: { promiseMaxDays: 60, segments: { top: { promiseMaxDays: 15 } } } }
 * @example parseTermsPolicy({ segments: { vip: {} } }) // { ok: false, reason: 'segments: unknown segment "vip" (known: top, standard, at_risk)', line: null }
 */
export function parseTermsPolicy(json: unknown, text?: string): TermsPolicyParse {
  const r = termsPolicyFile.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const message = issue.code === 'unrecognized_keys' ? unknownKey(path, issue.keys) : issue.message;
    const keys = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]!] : path;
    return { ok: false, reason: `${path.join('.') || 'policy'}: ${message}`, line: text === undefined ? null : jsonPathLine(text, keys) };
  }
  const bySegment: Partial<Record<CustomerSegment, TermLimits>> = {};
  for (const s of segments) {
    const l = r.data.segments[s];
    if (l !== undefined) bySegment[s] = fromFile(l);
  }
  return { ok: true, policy: { ...fromFile(r.data), segments: bySegment } };
}

function unknownKey(path: readonly (string | number)[], keys: readonly string[]): string {
  const named = keys.map((k) => `"${k}"`).join(', ');
  if (path.length === 0) return `unknown field ${named} (known: ${[...limitKeys, 'segments'].join(', ')})`;
  if (path.length === 1 && path[0] === 'segments') return `unknown segment ${named} (known: ${segments.join(', ')})`;
  return `unknown field ${named} (known: ${limitKeys.join(', ')})`;
}

const toFile = (l: TermLimits) => ({
  ...(l.promiseMaxDays === undefined ? {} : { promise_max_days: l.promiseMaxDays }),
  ...(l.pauseMaxDays === undefined ? {} : { pause_max_days: l.pauseMaxDays }),
});

/** The policy as its file says it (what is stored, and what `show` prints as the file loaded). */
export function termsPolicyJson(p: TermsPolicy) {
  const bySegment: Partial<Record<CustomerSegment, ReturnType<typeof toFile>>> = {};
  for (const s of segments) {
    const l = p.segments[s];
    if (l !== undefined) bySegment[s] = toFile(l);
  }
  return { ...toFile(p), segments: bySegment };
}

/** A segment's customers in words, for a limit's reason ("more than 15 for top customers"). */
export const segmentCustomers: Readonly<Record<CustomerSegment, string>> = {
  top: 'top customers', standard: 'standard customers', at_risk: 'at-risk customers',
};

/**
 * The limits in force for a customer of `segment`: the segment's value, else the policy's company-wide one, else
 * `defaults` (PROMISE_MAX_DAYS, PAUSE_MAX_DAYS). A customer of unknown segment (null) gets the company-wide values.
 * A value the segment set carries whose it is (`promiseMaxDaysFor`), so needsFinanceApproval can name it.
 * @example limitsFor({ promiseMaxDays: 60, segments: { top: { promiseMaxDays: 15 } } }, 'top', { promiseMaxDays: 60, pauseMaxDays: 30 }) // { promiseMaxDays: 15, pauseMaxDays: 30, promiseMaxDaysFor: 'top customers' }
 * @example limitsFor(emptyTermsPolicy, 'top', { promiseMaxDays: 45, pauseMaxDays: 30 }) // { promiseMaxDays: 45, pauseMaxDays: 30 }
 */
export function limitsFor(policy: TermsPolicy, segment: CustomerSegment | null, defaults: ChangeLimits): ChangeLimits {
  const own = segment === null ? {} : (policy.segments[segment] ?? {});
  const who = segment === null ? '' : segmentCustomers[segment];
  return {
    promiseMaxDays: own.promiseMaxDays ?? policy.promiseMaxDays ?? defaults.promiseMaxDays,
    pauseMaxDays: own.pauseMaxDays ?? policy.pauseMaxDays ?? defaults.pauseMaxDays,
    ...(own.promiseMaxDays === undefined ? {} : { promiseMaxDaysFor: who }),
    ...(own.pauseMaxDays === undefined ? {} : { pauseMaxDaysFor: who }),
  };
}

/**
 * How many days out a customer of `segment` may promise to pay on the portal: what a chat promise on them may be
 * without a finance approver (a customer never gets what a person would need approval for).
 * @example promiseMaxDaysFor({ segments: { top: { promiseMaxDays: 15 } } }, 'top', 60) // 15
 * @example promiseMaxDaysFor(null, 'top', 60) // 60
 */
export function promiseMaxDaysFor(policy: TermsPolicy | null, segment: CustomerSegment | null, defaultDays: number): number {
  const own = segment === null ? undefined : policy?.segments[segment]?.promiseMaxDays;
  return own ?? policy?.promiseMaxDays ?? defaultDays;
}

/**
 * A segment as stored, or null for anything else (the column's CHECK allows only the three; a jsonb or text read
 * back is checked all the same).
 * @example customerSegment('at_risk') // "at_risk"
 */
export function customerSegment(value: unknown): CustomerSegment | null {
  return (segments as readonly unknown[]).includes(value) ? (value as CustomerSegment) : null;
}
