import { backOffSurrogate } from '../wording/plain-text.js';

// Long escaped text (a customer's reply, whole) as several mrkdwn texts, each within a Block Kit limit (a section's
// 3,000 characters): escaping can make a text up to five times longer (`&` is `&amp;`), so a text that fits before
// escaping may need more than one section after it.

/**
 * Cuts one line of escaped mrkdwn into pieces of at most `max` characters, never inside an entity (`&amp;`) or a
 * surrogate pair. Escaped text has no control sequences (`<…>`), so those are the only things to keep whole. Two
 * pieces of one line never fit one text together (each is within four characters of `max`), so packing them
 * never joins a line's pieces with a line break.
 */
function cutLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = max;
    const amp = rest.lastIndexOf('&', cut - 1);
    // Every `&` of escaped text starts an entity of at most five characters: one whose `;` lies past the cut straddles it.
    if (amp !== -1 && amp > cut - 5 && rest.indexOf(';', amp) >= cut) cut = amp;
    cut = backOffSurrogate(rest, cut);
    // A limit too small for one entity or pair (never Slack's) still makes progress: it cuts at the limit.
    if (cut === 0) cut = max;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

/**
 * Splits escaped mrkdwn into texts of at most `max` characters, at line ends where it can (a line longer than a
 * text is cut, safely). `quote`: every line, and every piece of a cut line, starts with `>` (a mrkdwn quote), so
 * the quote runs on unbroken across sections.
 * @example mrkdwnChunks('a\nb', 3000, { quote: true }) // [">a\n>b"]
 * @example mrkdwnChunks('abcdef', 4) // ["abcd", "ef"]
 */
export function mrkdwnChunks(text: string, max: number, opts: { quote?: boolean } = {}): string[] {
  const prefix = opts.quote ? '>' : '';
  const pieces = text.split('\n').flatMap((line) => cutLine(line, Math.max(1, max - prefix.length)).map((p) => `${prefix}${p}`));
  const chunks: string[] = [];
  let current: string | null = null;
  for (const piece of pieces) {
    if (current !== null && current.length + 1 + piece.length <= max) {
      current = `${current}\n${piece}`;
    } else {
      if (current !== null) chunks.push(current);
      current = piece;
    }
  }
  if (current !== null) chunks.push(current);
  return chunks;
}
