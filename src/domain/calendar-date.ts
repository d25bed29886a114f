/** A calendar date as "YYYY-MM-DD" (no time, no zone). */
export type CalendarDate = string;

/**
 * True when `text` is a real calendar date written YYYY-MM-DD.
 * @example isCalendarDate('2026-02-28') // true; isCalendarDate('2026-02-30') // false
 */
export function isCalendarDate(text: string): text is CalendarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * Adds whole days to a calendar date.
 * @example addDaysToDate('2026-02-27', 2) // "2026-03-01"
 */
export function addDaysToDate(date: CalendarDate, days: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 * @example daysBetween('2026-01-30', '2026-02-02') // 3
 */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  const ms = (s: CalendarDate) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date of an instant in an IANA time zone.
 * @example dateInZone(new Date('2026-03-01T23:30:00Z'), 'Asia/Tokyo') // "2026-03-02"
 */
export function dateInZone(instant: Date, zone: string): CalendarDate {
  let fmt = formats.get(zone);
  if (!fmt) {
    // Building a DateTimeFormat costs far more than using one; a tick asks for the same few zones thousands of times.
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(zone, fmt);
  }
  const parts = fmt.formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * An instant as people read it in `zone`, to the minute.
 * @example instantInZone(new Date('2026-03-20T10:00:00Z'), 'Europe/Paris') // "2026-03-20 11:00"
 */
export function instantInZone(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}
