import { addDaysToDate, daysBetween, isCalendarDate, type CalendarDate } from '../calendar-date.js';

/** A date found in a folded clause, with where it was written (to tell "invoice of 1 March" from "pay on 15 March"). */
export interface DateMention {
  readonly date: CalendarDate;
  readonly start: number;
  readonly end: number;
}

/**
 * A day and month written without a year that lies further back than this many days is read as next year's: on
 * 15 December "10 January" means the coming one, while on 10 March "5 March" (a payment just made) stays in the past.
 */
export const pastDayMonthLimitDays = 60;

const maxMentions = 50;

const monthNames: Record<string, number> = {
  january: 1, jan: 1, janvier: 1, janv: 1, february: 2, feb: 2, fevrier: 2, fev: 2, march: 3, mar: 3, mars: 3,
  april: 4, apr: 4, avril: 4, avr: 4, may: 5, mai: 5, june: 6, jun: 6, juin: 6, july: 7, jul: 7, juillet: 7,
  juil: 7, august: 8, aug: 8, aout: 8, september: 9, sep: 9, sept: 9, septembre: 9, october: 10, oct: 10,
  octobre: 10, november: 11, nov: 11, novembre: 11, december: 12, dec: 12, decembre: 12,
};
const monthAlt = Object.keys(monthNames).sort((a, b) => b.length - a.length).join('|');

const weekdayNames: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
  dimanche: 0, lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6,
};
const weekdayAlt = Object.keys(weekdayNames).join('|');
// "Thursday 23 July", "jeudi 16 juillet", "Monday, November 30": the weekday only names the date that follows.
const weekdayBefore = `(?:(?:${weekdayAlt}),?\\s)?`;

// Counts written as words: "in two weeks", "dans deux semaines", "within a week".
const countWords: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10,
};
const countAlt = `\\d{1,3}|${Object.keys(countWords).join('|')}`;
const count = (text: string) => countWords[text] ?? Number(text);

function weekday(date: CalendarDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function ymd(y: number, m: number, d: number): CalendarDate | null {
  const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isCalendarDate(text) ? text : null;
}

function fullYear(text: string | undefined): number | null {
  if (text === undefined) return null;
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

/** A day and month, with the year when written; without it, the rule of `pastDayMonthLimitDays`. */
function dayMonth(today: CalendarDate, day: number, month: number, year: number | null): CalendarDate | null {
  if (year !== null) return ymd(year, month, day);
  const thisYear = Number(today.slice(0, 4));
  const candidate = ymd(thisYear, month, day);
  if (candidate === null) return ymd(thisYear + 1, month, day);
  return daysBetween(candidate, today) > pastDayMonthLimitDays ? ymd(thisYear + 1, month, day) : candidate;
}

/** "the 22nd" / "le 22": this month when not yet past, otherwise next month. */
function dayOfMonth(today: CalendarDate, day: number): CalendarDate | null {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  if (day >= d) return ymd(y, m, day);
  return m === 12 ? ymd(y + 1, 1, day) : ymd(y, m + 1, day);
}

/** The next given weekday strictly after today ("next Friday", "vendredi prochain", "on Thursday"). */
function nextWeekday(today: CalendarDate, target: number): CalendarDate {
  const ahead = (target - weekday(today) + 7) % 7;
  return addDaysToDate(today, ahead === 0 ? 7 : ahead);
}

/** Friday of the week (Monday to Sunday) holding `date`, plus `weeks` weeks; never before today. */
function fridayOfWeek(today: CalendarDate, weeks: number): CalendarDate {
  const monday = addDaysToDate(today, -((weekday(today) + 6) % 7));
  const friday = addDaysToDate(monday, 4 + 7 * weeks);
  return friday < today ? today : friday;
}

/** Year and month `months` after today's. */
function monthAfter(today: CalendarDate, months: number): [number, number] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return [Math.floor(index / 12), (index % 12) + 1];
}

function endOfMonth(today: CalendarDate, months: number): CalendarDate {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + months + 1, 0)).toISOString().slice(0, 10);
}

type Reader = {
  re: RegExp;
  /** The date meant, or null for words that name no date; `skip` spans block later readers ("30 jours fin de mois"). */
  read: (m: RegExpExecArray, today: CalendarDate, monthFirst: boolean) => CalendarDate | null | 'skip';
};

// Ordered by precedence: a later reader's match overlapping an earlier one is ignored ("le 15 mars" is a day and
// month, not the bare day "le 15"). Every pattern is a fixed sequence of bounded pieces: linear on any input.
const readers: readonly Reader[] = [
  // Payment terms ("30 days end of month", "net 30", "à 45 jours fin de mois") describe a rule, not a date.
  {
    re: /\b(?:a|at|net)\s\d{1,3}\s(?:days|jours)(?:\s(?:(?:from\s)?end of (?:the )?month|eom|fin de mois|net|date de facture|from invoice(?: date)?))?\b|\b\d{1,3}\s(?:days|jours)\s(?:(?:from\s)?end of (?:the )?month|eom|fin de mois|net|date de facture|from invoice(?: date)?)\b|\bnet\s\d{1,3}\b/g,
    read: () => 'skip',
  },
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, read: (m) => ymd(Number(m[1]), Number(m[2]), Number(m[3])) },
  {
    // 15/03, 15.03.2026, 15/03/26; not inside amounts ("1.200,50", "€5.10", "12.50 EUR").
    re: /(?<![\d.,€$£])(\d{1,2})([/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d,]|\.\d|\s?(?:€|\$|£|eur|usd|gbp|chf|%))/g,
    read: (m, today, monthFirst) => {
      const [a, b] = [Number(m[1]), Number(m[3])];
      const [day, month] = monthFirst && a <= 12 ? [b, a] : [a, b];
      if (m[2] === '.' && m[4] === undefined && month > 12) return null;
      return month >= 1 && month <= 12 ? dayMonth(today, day, month, fullYear(m[4])) : null;
    },
  },
  {
    // "the 20th of this month", "le 10 du mois prochain": a day of this month or the next; "le 5 du mois" rolls on.
    re: /\b(?:the\s)?(\d{1,2})(?:st|nd|rd|th)?\sof\s(this|next|the following)\smonth\b|\b(?:le\s)?(\d{1,2})(?:er)?\s(du|de ce)\smois(\sprochain|\ssuivant)?\b/g,
    read: (m, today) => {
      const day = Number(m[1] ?? m[3]);
      const next = m[2] !== undefined ? m[2] !== 'this' : m[5] !== undefined;
      if (!next && m[2] === undefined && m[4] === 'du') return dayOfMonth(today, day);
      return ymd(...monthAfter(today, next ? 1 : 0), day);
    },
  },
  {
    re: new RegExp(`\\b${weekdayBefore}(\\d{1,2})(?:st|nd|rd|th|er)?\\s(?:of\\s)?(${monthAlt})\\b\\.?(?:,?\\s(\\d{4})\\b)?`, 'g'),
    read: (m, today) => dayMonth(today, Number(m[1]), monthNames[m[2]!]!, fullYear(m[3])),
  },
  {
    re: new RegExp(`\\b${weekdayBefore}(${monthAlt})\\b\\.?\\s(?:the\\s)?(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s(\\d{4})\\b)?`, 'g'),
    read: (m, today) => dayMonth(today, Number(m[2]), monthNames[m[1]!]!, fullYear(m[3])),
  },
  { re: /\b(?:the\s)?day after tomorrow\b|\bapres-demain\b|\bapres demain\b/g, read: (_m, t) => addDaysToDate(t, 2) },
  // French counts "huitaine" as 8 days and "quinzaine" as 15 (today included, a week later the same weekday).
  { re: /\bsous (?:huitaine|8 jours)\b/g, read: (_m, t) => addDaysToDate(t, 8) },
  { re: /\bsous quinzaine\b/g, read: (_m, t) => addDaysToDate(t, 15) },
  { re: /\b(?:in|within|sous|dans|d'ici) (24|48|72) ?(?:hours|heures|h)\b/g, read: (m, t) => addDaysToDate(t, Number(m[1]) / 24) },
  { re: /\bwithin (?:a|one) week\b/g, read: (_m, t) => addDaysToDate(t, 7) },
  { re: /\bwithin (?:two|2) weeks\b/g, read: (_m, t) => addDaysToDate(t, 14) },
  {
    re: /\b(?:early|beginning of|start of) next week\b|\bdebut de (?:la )?semaine prochaine\b/g,
    read: (_m, t) => addDaysToDate(fridayOfWeek(t, 1), -4),
  },
  { re: /\b(?:tomorrow|tomorow|tommorow|tmrw|tmr|demain)\b/g, read: (_m, t) => addDaysToDate(t, 1) },
  { re: /\b(?:today|aujourd'hui|ce jour)\b/g, read: (_m, t) => t },
  { re: /\b(?:yesterday|hier)\b/g, read: (_m, t) => addDaysToDate(t, -1) },
  {
    re: new RegExp(`\\b(?:in|within)\\s(${countAlt})\\s(days?|weeks?)\\b|\\b(?:dans|sous|d'ici)\\s(${countAlt})\\s(jours?|semaines?)\\b`, 'g'),
    read: (m, t) => {
      const n = count(m[1] ?? m[3]!);
      return addDaysToDate(t, /^(week|semaine)/.test(m[2] ?? m[4]!) ? 7 * n : n);
    },
  },
  { re: /\bend of (?:the )?next month\b|\bfin du mois prochain\b/g, read: (_m, t) => endOfMonth(t, 1) },
  { re: /\bend of (?:the |this )?month\b|\bfin (?:du|de ce|de) mois\b/g, read: (_m, t) => endOfMonth(t, 0) },
  {
    re: /\b(?:end of |by the end of )?next week\b|\b(?:fin de )?(?:la )?semaine prochaine\b/g,
    read: (_m, t) => fridayOfWeek(t, 1),
  },
  { re: /\b(?:end of )?(?:the |this )week\b|\b(?:fin de )?(?:la |cette )semaine\b(?!\s?(?:derniere|passee))|\ben fin de semaine\b/g, read: (_m, t) => fridayOfWeek(t, 0) },
  // "every second Friday", "chaque jeudi", "tous les lundis": a habit, not a date.
  {
    re: new RegExp(`\\b(?:every|each|chaque|tous les)\\s(?:(?:other|second|2nd|first|last)\\s)?(?:${weekdayAlt})s?\\b`, 'g'),
    read: () => 'skip',
  },
  {
    re: new RegExp(`\\b(?:(next|this|on|coming)\\s)?(${weekdayAlt})\\b(?:\\s(prochain))?`, 'g'),
    read: (m, t) => {
      const target = weekdayNames[m[2]!]!;
      return m[1] === 'this' && weekday(t) === target ? t : nextWeekday(t, target);
    },
  },
  {
    re: /\b(?:on )?the\s(\d{1,2})(?:st|nd|rd|th)\b|\bon the\s(\d{1,2})\b|\b(?:le|du)\s(\d{1,2})(?:er)?\b(?!\s?(?:[/.,:h%€]\s?\d|%|€|eur)|\s\d{3})/g,
    read: (m, t) => dayOfMonth(t, Number(m[1] ?? m[2] ?? m[3])),
  },
];

/**
 * Dates written in a folded (lower-case, unaccented) clause, in English or French, resolved against `today` (the
 * email's date in the customer's zone). Day/month order is day first, except month first for zones in the
 * Americas when the first number could be a month ("3/20").
 * @example findDates('we pay on 15 march, not tomorrow', '2026-03-10', 'Europe/Paris') // [{ date: '2026-03-15', … }, { date: '2026-03-11', … }]
 * @example findDates('vendredi prochain', '2026-03-10', 'Europe/Paris') // [{ date: '2026-03-13', start: 0, end: 17 }]
 */
export function findDates(folded: string, today: CalendarDate, zone: string): DateMention[] {
  const monthFirst = zone.startsWith('America/') && !/Sao_Paulo|Buenos_Aires|Bogota|Lima|Santiago|Caracas|Montevideo|Mexico_City/.test(zone);
  const found: DateMention[] = [];
  const taken: Array<{ start: number; end: number }> = [];
  for (const { re, read } of readers) {
    re.lastIndex = 0;
    // A clause naming more dates than this is not a reply a person wrote; the cap keeps overlap checks cheap.
    for (let m = re.exec(folded); m !== null && taken.length < maxMentions; m = re.exec(folded)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some((f) => start < f.end && end > f.start)) continue;
      const date = read(m, today, monthFirst);
      if (date === null) continue;
      taken.push({ start, end });
      if (date !== 'skip') found.push({ date, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
