import { z } from 'zod';
import { jsonPathLine } from '../payment-methods/json-path-line.js';

/** The customer segments (customers.segment). */
export const statementSegments = ['top', 'standard', 'at_risk'] as const;
export type StatementSegment = (typeof statementSegments)[number];

/** Business days of a month a statement may be set on: every month has at least this many. */
export const maxStatementBusinessDay = 20;

/**
 * Which segments get a statement emailed every month, and on which business day of the month (the customer's,
 * weekends and holidays skipped), as policy data (`arbot policy statements load FILE.json`). Optional: by default none.
 */
export interface StatementPolicy {
  readonly monthly: readonly { readonly segment: StatementSegment; readonly businessDay: number }[];
}

export const defaultStatementPolicy: StatementPolicy = { monthly: [] };

const entry = z.strictObject({
  segment: z.enum(statementSegments, { error: `a segment: ${statementSegments.join(', ')}` }),
  business_day: z.number({ error: `a whole number from 1 to ${maxStatementBusinessDay}` })
    .int(`a whole number from 1 to ${maxStatementBusinessDay}`)
    .min(1, `a whole number from 1 to ${maxStatementBusinessDay}`)
    .max(maxStatementBusinessDay, `at most ${maxStatementBusinessDay} (every month has that many business days)`),
});

/** The policy file as JSON: snake_case keys; `{"monthly": []}` (or `{}`) turns monthly statements off. */
export const statementPolicyFile = z.strictObject({
  monthly: z.array(entry).default([]),
}).superRefine((p, ctx) => {
  const seen = new Set<string>();
  p.monthly.forEach((m, i) => {
    if (seen.has(m.segment)) ctx.addIssue({ code: 'custom', path: ['monthly', i, 'segment'], message: `${m.segment} is listed twice: keep one entry per segment` });
    seen.add(m.segment);
  });
});

export type StatementPolicyParse = { ok: true; policy: StatementPolicy } | { ok: false; reason: string; line: number | null };

/**
 * Reads a policy's JSON, or says what to fix (the field's path and, given the file's text, its line).
 * @example parseStatementPolicy({ monthly: [{ segment: 'top', business_day: 1 }] }) // { ok: true, policy: { monthly: [{ segment: 'top', businessDay: 1 }] } }
 * @example parseStatementPolicy({ monthly: [{ segment: 'vip', business_day: 1 }] }) // { ok: false, reason: 'monthly.0.segment: a segment: top, standard, at_risk', line: null }
 */
export function parseStatementPolicy(json: unknown, text?: string): StatementPolicyParse {
  const r = statementPolicyFile.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const message = issue.code === 'unrecognized_keys'
      ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} (known: ${path.length === 0 ? 'monthly' : 'segment, business_day'})`
      : issue.message;
    return { ok: false, reason: `${path.join('.') || 'policy'}: ${message}`, line: text === undefined ? null : lineOf(text, path, issue) };
  }
  return { ok: true, policy: { monthly: r.data.monthly.map((m) => ({ segment: m.segment, businessDay: m.business_day })) } };
}

/**
 * The line of the field at fault: an unknown key's own line, else the path's last key. jsonPathLine skips array
 * indexes, so an entry of `monthly` is found here first (its n-th object), then the key within it.
 */
function lineOf(text: string, path: readonly (string | number)[], issue: z.core.$ZodIssue): number | null {
  const keys = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]!] : [...path];
  const n = keys[1];
  if (keys[0] !== 'monthly' || typeof n !== 'number') return jsonPathLine(text, keys);
  const monthly = /"monthly"\s*:/.exec(text);
  const start = monthly ? nthObjectOfArray(text, monthly.index + monthly[0].length, n) : null;
  if (start === null) return jsonPathLine(text, ['monthly']);
  const before = linesBefore(text, start);
  const key = keys[2];
  const inItem = typeof key === 'string' ? jsonPathLine(text.slice(start), [key]) : null;
  return before + (inItem ?? 1);
}

/** Where the n-th (0-based) object of the array starting at or after `from` opens; null when it has fewer. */
function nthObjectOfArray(text: string, from: number, n: number): number | null {
  let depth = 0;
  let seen = -1;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (ch === '[' || ch === '{') {
      if (depth === 1 && ch === '{' && ++seen === n) return i;
      depth++;
    } else if (ch === ']' || ch === '}') {
      if (--depth <= 0) return null;
    }
  }
  return null;
}

const linesBefore = (text: string, index: number) => text.slice(0, index).split('\n').length - 1;

/** The policy as its file says it: what `arbot policy statements show` prints. */
export function statementPolicyJson(p: StatementPolicy) {
  return { monthly: p.monthly.map((m) => ({ segment: m.segment, business_day: m.businessDay })) };
}
