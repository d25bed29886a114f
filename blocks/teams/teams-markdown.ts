import { plainMarks, type Icon, type Marks } from '../wording/marks.js';
import { truncatePlain } from '../wording/plain-text.js';

/**
 * Teams markdown for text arbot did not write (customer names, notes, reasons, invoice numbers), in Adaptive Card
 * TextBlocks and FactSet values.
 *
 * Escaping decision: Teams' card markdown has no reliable backslash escape, so, as for Slack's mrkdwn, the
 * characters that would start markup become look-alikes that Teams does not parse. A name like `*bold*` then reads
 * as written, `[x](https://evil)` cannot become a link with other text, `<at>Ana</at>` cannot become a mention
 * (mentions also need an entity only arbot writes), `# title` cannot become a heading and `{{DATE(…)}}` cannot
 * become a date function. The stored text is untouched; this is display only.
 * - `*` ∗ (U+2217), `_` ˍ (U+02CD), `~` ∼ (U+223C), backtick ˋ (U+02CB), `[` ［ and `]` ］ (U+FF3B/FF3D),
 *   `<` ‹ and `>` › (U+2039/203A), `#` ＃ (U+FF03), `|` ∣ (U+2223).
 * - `{{` gets a word joiner (U+2060) between the braces; `&` before an entity name gets one too (`&lt;` stays
 *   the four characters).
 * - A line starting like a list (`- `, `+ `, `1. `) gets a word joiner first, so it stays a line of text.
 */
const lookalikes: Readonly<Record<string, string>> = {
  '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb', '[': '\uff3b', ']': '\uff3d',
  '<': '\u2039', '>': '\u203a', '#': '\uff03', '|': '\u2223',
};

/**
 * Escapes user text for a TextBlock: no mention, link, heading, list or formatting can come out of it.
 * @example escapeTeamsMarkdown('<at>Ana</at> *bold* [x](http://e)') // "‹at›Ana‹/at› ∗bold∗ ［x］(http://e)"
 */
export function escapeTeamsMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[*_~`[\]<>#|]/g, (c) => lookalikes[c]!)
    .replace(/\{\{/g, '{\u2060{')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '&\u2060')
    .replace(/^(\s*)([-+]|\d+\.)(?=\s)/gm, '$1\u2060$2');
}

/** Shortens text to `max` UTF-16 code units with "…" (Teams has no entities to protect: the plain-text rule). */
export const truncateText = truncatePlain;

/** Markdown bold around escaped text. */
export const bold = (text: string) => `**${escapeTeamsMarkdown(text)}**`;

/** Slack's emoji codes that the shared wording uses, as the characters Teams shows. */
const icons: Readonly<Record<Icon, string>> = {
  alarm_clock: '⏰', ballot_box_with_check: '☑️', broken_heart: '💔', bust_in_silhouette: '👤', construction: '🚧',
  double_vertical_bar: '⏸️', envelope: '✉️', grey_question: '❔', hourglass: '⏳', inbox_tray: '📥', mag: '🔍', memo: '📝',
  no_entry_sign: '🚫', raised_hand: '✋', raising_hand: '🙋', rotating_light: '🚨', warning: '⚠️', white_check_mark: '✅', x: '❌',
};

/** How Teams writes the shared wording (blocks/wording) into card markdown: escaped data, `**bold**`, emoji. */
export const teamsMarks: Marks = {
  esc: escapeTeamsMarkdown,
  bold,
  strong: (text) => `**${text}**`,
  italic: (text) => `_${text}_`,
  icon: (name) => icons[name],
  cut: truncateText,
};

/** The shared wording as plain text: summaries and fallback text, which adaptiveCard escapes whole. */
export const teamsPlainMarks: Marks = plainMarks((name) => icons[name], truncateText);
