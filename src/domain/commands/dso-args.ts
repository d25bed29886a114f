import { isCalendarDate, type CalendarDate } from '../calendar-date.js';

export const segments = ['top', 'standard', 'at_risk'] as const;
export type Segment = (typeof segments)[number];

export interface DsoArgs {
  /** Null: today in the company's time zone. */
  readonly asOf: CalendarDate | null;
  readonly segment: Segment | null;
  /** Post it in the channel instead of answering privately. */
  readonly share: boolean;
}

export const dsoUsage = 'usage: /dso [YYYY-MM-DD] [top|standard|at_risk] [share]';

/**
 * Reads what follows `/dso` (or `@arbot dso`): a date, a segment and `share`, in any order, each at most once.
 * @example parseDsoArgs('2026-03-31 top') // { ok: true, args: { asOf: '2026-03-31', segment: 'top', share: false } }
 * @example parseDsoArgs('march') // { ok: false, message: '"march" is not a date (YYYY-MM-DD) … usage: /dso …' }
 */
export function parseDsoArgs(text: string): { ok: true; args: DsoArgs } | { ok: false; message: string } {
  let asOf: CalendarDate | null = null;
  let segment: Segment | null = null;
  let share = false;
  for (const raw of text.trim().split(/\s+/).filter((t) => t !== '')) {
    // "at-risk" and "AT_RISK" both name the segment.
    const token = raw.toLowerCase().replace(/-/g, '_');
    if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
      if (!isCalendarDate(raw)) return { ok: false, message: `"${raw}" is not a real date. ${dsoUsage}` };
      if (asOf !== null) return { ok: false, message: `give one date, not two. ${dsoUsage}` };
      asOf = raw;
    } else if ((segments as readonly string[]).includes(token)) {
      if (segment !== null) return { ok: false, message: `give one segment, not two. ${dsoUsage}` };
      segment = token as Segment;
    } else if (token === 'share') {
      share = true;
    } else {
      return { ok: false, message: `"${raw.slice(0, 40)}" is not a date (YYYY-MM-DD), a segment or "share". ${dsoUsage}` };
    }
  }
  return { ok: true, args: { asOf, segment, share } };
}
