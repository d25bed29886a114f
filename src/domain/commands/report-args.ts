import { isCalendarMonth, type CalendarMonth } from '../reports/report-month.js';

export const reviewUsage = 'usage: /review [YYYY-MM]';
export const teamUsage = 'usage: /team [owner email or part of a name]';

/** Longest owner query read (a name or an email). */
export const ownerQueryMaxLength = 200;

/**
 * Reads what follows `/review` (or `@arbot review`): nothing (the last complete month) or one month YYYY-MM.
 * Whether the month is over is the core's to say (it knows today).
 * @example parseReviewArgs('2026-03') // { ok: true, month: '2026-03' }
 * @example parseReviewArgs('march') // { ok: false, message: '"march" is not a month (YYYY-MM). usage: /review [YYYY-MM]' }
 */
export function parseReviewArgs(text: string): { ok: true; month: CalendarMonth | null } | { ok: false; message: string } {
  const tokens = text.trim().split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return { ok: true, month: null };
  if (tokens.length > 1) return { ok: false, message: `give one month, not ${tokens.length} words. ${reviewUsage}` };
  const [month] = tokens as [string];
  // Years from 1900: the reports' range (src/domain/reports/report-request.ts).
  if (!isCalendarMonth(month) || month < '1900') return { ok: false, message: `"${month.slice(0, 40)}" is not a month (YYYY-MM). ${reviewUsage}` };
  return { ok: true, month };
}

/**
 * Reads what follows `/team` (or `@arbot team`): nothing (everyone the person may see) or an owner, by email or
 * part of a name, spaces kept ("ana martin").
 * @example parseTeamArgs('  Ana  Martin ') // { owner: 'Ana Martin' }
 * @example parseTeamArgs('') // { owner: null }
 */
export function parseTeamArgs(text: string): { owner: string | null } {
  const owner = text.trim().split(/\s+/).join(' ').slice(0, ownerQueryMaxLength);
  return { owner: owner === '' ? null : owner };
}
