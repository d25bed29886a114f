import { z } from 'zod';
import { isTimeZone } from '../time-zone.js';
import { isCalendarDate } from '../calendar-date.js';
import { isCurrencyCode } from '../currency.js';
import { cleanFreeText, cleanName, findUnsafeChar } from '../text-safety.js';

// Every import field arrives as text (CSV cells, or JSON values normalised to text), so one set of
// field parsers serves CSV and HTTP alike. Empty text means "not given".

/** The longest cell accepted: longer text is an ERP export gone wrong, and would not fit a chat message anyway. */
export const MAX_CELL_CHARS = 2000;
/** Names are shown in chat titles and email subjects. */
export const MAX_NAME_CHARS = 200;

// Postgres text cannot hold NUL (U+0000): a cell with one is that row's error, not a failed batch.
const text = z.string()
  .refine((v) => !v.includes('\u0000'), { message: 'contains a NUL character (\\0), which cannot be stored', abort: true })
  .refine((v) => v.length <= MAX_CELL_CHARS, {
    error: (i) => `is ${String(i.input).length} characters long; at most ${MAX_CELL_CHARS} are accepted`, abort: true,
  });
/** Any cell: no NUL, at most MAX_CELL_CHARS, trimmed. */
export const trimmed = text.transform((v) => v.trim());

/** A name: one line, without control, bidi or invisible characters (removed), trimmed, at most MAX_NAME_CHARS. */
export const name = (what: string | null) =>
  trimmed.transform((raw, ctx) => {
    const clean = cleanName(raw);
    if (!clean.ok) {
      ctx.addIssue({ code: 'custom', message: clean.reason });
      return z.NEVER;
    }
    const v = clean.text.trim();
    if (v === '' && what !== null) {
      ctx.addIssue({ code: 'custom', message: `required: ${what}` });
      return z.NEVER;
    }
    if (v.length > MAX_NAME_CHARS) {
      ctx.addIssue({ code: 'custom', message: `is ${v.length} characters long; a name may have at most ${MAX_NAME_CHARS}` });
      return z.NEVER;
    }
    return v;
  });

export const optional = trimmed.transform((v) => (v === '' ? null : v));

/**
 * An identifier (an external id, an invoice number, a reference): shown and matched as typed, so a control, bidi or
 * invisible character is refused rather than removed (`INV\u200b-1` must not pass for `INV-1`).
 */
export const identifier = (what: string) =>
  trimmed.transform((v, ctx) => {
    if (v === '') {
      ctx.addIssue({ code: 'custom', message: `required: ${what}` });
      return z.NEVER;
    }
    return plainOrIssue(v, ctx);
  });

/** An identifier that may be left empty (null). */
export const optionalIdentifier = trimmed.transform((v, ctx) => (v === '' ? null : plainOrIssue(v, ctx)));

function plainOrIssue(v: string, ctx: z.RefinementCtx): string {
  const bad = findUnsafeChar(v);
  if (bad === null) return v;
  ctx.addIssue({ code: 'custom', message: `contains ${bad.label}` });
  return z.NEVER;
}

/** Free text (a reason): line breaks kept, tabs made spaces, other control, bidi and invisible characters removed; empty is null. */
export const freeText = trimmed.transform((v) => {
  const t = cleanFreeText(v).trim();
  return t === '' ? null : t;
});

export const calendarDate = trimmed.refine((v) => isCalendarDate(v), {
  error: (i) => `expected a date YYYY-MM-DD, got "${String(i.input)}"`,
});

export const optionalCalendarDate = trimmed.transform((v, ctx) => {
  if (v === '') return null;
  if (!isCalendarDate(v)) {
    ctx.addIssue({ code: 'custom', message: `expected a date YYYY-MM-DD, got "${v}"` });
    return z.NEVER;
  }
  return v;
});

export const currency = trimmed.transform((v, ctx) => {
  const code = v.toUpperCase();
  if (!isCurrencyCode(code)) {
    ctx.addIssue({ code: 'custom', message: `expected an ISO 4217 currency code such as EUR, got "${v}"` });
    return z.NEVER;
  }
  return code;
});

const emailCheck = z.email();
export function isEmail(v: string): boolean {
  return emailCheck.safeParse(v).success;
}

export const email = trimmed.transform((v, ctx) => {
  if (!isEmail(v)) {
    ctx.addIssue({ code: 'custom', message: v === '' ? 'required: an email address' : `not an email address: "${v}"` });
    return z.NEVER;
  }
  return v.toLowerCase();
});

export const optionalEmail = trimmed.transform((v, ctx) => {
  if (v === '') return null;
  if (!isEmail(v)) {
    ctx.addIssue({ code: 'custom', message: `not an email address: "${v}"` });
    return z.NEVER;
  }
  return v.toLowerCase();
});

/** Several addresses separated by ";" (or ","), at least one. */
export const emailList = trimmed.transform((v, ctx) => {
  const list = v.split(/[;,]/).map((s) => s.trim()).filter((s) => s !== '');
  if (list.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'required: one or more email addresses separated by ";"' });
    return z.NEVER;
  }
  const bad = list.filter((s) => !isEmail(s));
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `not an email address: "${bad[0]}"` });
    return z.NEVER;
  }
  return [...new Set(list.map((s) => s.toLowerCase()))];
});

export const flag = trimmed.transform((v, ctx) => {
  const s = v.toLowerCase();
  if (['', '0', 'false', 'no', 'n'].includes(s)) return false;
  if (['1', 'true', 'yes', 'y'].includes(s)) return true;
  ctx.addIssue({ code: 'custom', message: `expected true or false, got "${v}"` });
  return z.NEVER;
});

export const timeZone = trimmed.transform((v, ctx) => {
  if (v === '') return null;
  if (!isTimeZone(v)) {
    ctx.addIssue({ code: 'custom', message: `expected an IANA time zone such as Europe/Paris, got "${v}"` });
    return z.NEVER;
  }
  return v;
});

export const locale = trimmed.transform((v, ctx) => {
  if (v === '') return 'en';
  try {
    return Intl.getCanonicalLocales(v)[0]!;
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected a BCP 47 language tag such as en or fr-CA, got "${v}"` });
    return z.NEVER;
  }
});

export const url = trimmed.transform((v, ctx) => {
  if (v === '') return null;
  if (!/^https?:\/\//i.test(v) || !URL.canParse(v)) {
    ctx.addIssue({ code: 'custom', message: `expected an http(s) URL, got "${v}"` });
    return z.NEVER;
  }
  return v;
});

export const choice = <T extends string>(values: readonly [T, ...T[]], fallback: T) =>
  trimmed.transform((v, ctx): T => {
    if (v === '') return fallback;
    const s = v.toLowerCase().replace(/[\s-]+/g, '_');
    if ((values as readonly string[]).includes(s)) return s as T;
    ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}, got "${v}"` });
    return z.NEVER;
  });

export const requiredChoice = <T extends string>(values: readonly [T, ...T[]]) =>
  trimmed.transform((v, ctx): T => {
    const s = v.toLowerCase().replace(/[\s-]+/g, '_');
    if ((values as readonly string[]).includes(s)) return s as T;
    ctx.addIssue({ code: 'custom', message: v === '' ? `required: one of ${values.join(', ')}` : `expected one of ${values.join(', ')}, got "${v}"` });
    return z.NEVER;
  });
