import { blockKitLimits } from './block-kit.js';
import { moreText } from '../wording/list-wording.js';
import { truncate } from './mrkdwn.js';

/** No single line may crowd out the rest of a list. */
const maxLine = 1000;

export interface ListOptions {
  /** At most this many lines are shown. */
  readonly maxItems: number;
  /** What the hidden lines are, singular and plural, for "and 1 more invoice" / "and N more invoices". */
  readonly noun: readonly [string, string];
  /** The budget of the whole text, the "and N more" line included (a section's 3,000 by default). */
  readonly maxChars?: number;
}

export interface SectionsOptions extends ListOptions {
  readonly maxSections: number;
  /** A title line the first section starts with: it counts in that section's budget, so no line is cut to fit it. */
  readonly heading?: string;
}

/**
 * Bulleted mrkdwn lines that fit one text object: whole lines only, then "…and N more <noun>" for what did not
 * fit (by count or by length). Lines must already be escaped.
 * @example listText(['a', 'b', 'c'], { maxItems: 2, noun: ['invoice', 'invoices'] }) // "• a\n• b\n…and 1 more invoice"
 */
export function listText(lines: readonly string[], opts: ListOptions): string {
  const budget = opts.maxChars ?? blockKitLimits.sectionText;
  const more = (n: number) => moreText(n, opts.noun);
  // Reserve room for the longest possible "and N more" line so adding it can never overflow.
  const reserve = more(lines.length).length + 1;
  const shown: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (shown.length === opts.maxItems) break;
    const bullet = `• ${truncate(line, maxLine)}`;
    const cost = bullet.length + (shown.length === 0 ? 0 : 1);
    const isLast = shown.length === lines.length - 1;
    if (used + cost > budget - (isLast ? 0 : reserve)) break;
    shown.push(bullet);
    used += cost;
  }
  const hidden = lines.length - shown.length;
  return hidden === 0 ? shown.join('\n') : [...shown, more(hidden)].join('\n');
}

/**
 * A long list split over several section texts (each within a section's 3,000 characters), at most
 * `maxSections` of them and `maxItems` lines in all; the last one ends with "…and N more <noun>".
 * @example listSections(twoHundredLines, { maxItems: 60, maxSections: 3, noun: ['invoice', 'invoices'] }).length // 3
 */
export function listSections(lines: readonly string[], opts: SectionsOptions): string[] {
  const budget = opts.maxChars ?? blockKitLimits.sectionText;
  // (A single line never needs the reserve: the first line of a section is always taken.)
  const reserve = moreText(lines.length, opts.noun).length + 1;
  const heading = opts.heading === undefined ? 0 : opts.heading.length + 1;
  const sections: string[][] = [];
  let current: string[] = [];
  // The heading's room is taken in the first section only.
  let used = heading;
  let taken = 0;
  for (const line of lines.slice(0, opts.maxItems)) {
    const bullet = `• ${truncate(line, maxLine)}`;
    const cost = bullet.length + (current.length === 0 ? 0 : 1);
    if (current.length > 0 && used + cost > budget - reserve) {
      sections.push(current);
      if (sections.length === opts.maxSections) { current = []; break; }
      current = [];
      used = 0;
    }
    current.push(bullet);
    used += bullet.length + (current.length === 1 ? 0 : 1);
    taken++;
  }
  if (current.length > 0) sections.push(current);
  const hidden = lines.length - taken;
  const texts = sections.map((s) => s.join('\n'));
  if (hidden > 0) {
    const more = moreText(hidden, opts.noun);
    texts.push(texts.length === 0 ? more : `${texts.pop()!}\n${more}`);
  }
  if (opts.heading !== undefined && texts.length > 0) texts[0] = `${opts.heading}\n${texts[0]!}`;
  return texts;
}
