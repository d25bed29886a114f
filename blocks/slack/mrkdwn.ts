import type { OwnerRef } from '../../src/views/alert-view.js';
import { plainMarks, type Marks } from '../wording/marks.js';
import { backOffSurrogate, truncatePlain } from '../wording/plain-text.js';

/**
 * Slack mrkdwn for text arbot did not write (customer names, notes, reasons, invoice numbers).
 *
 * Escaping decision:
 * - `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;` (Slack's own rule). That alone makes `<!channel>`, `<@U123>` and
 *   `<http://x|y>` inert: without a raw `<` Slack sees no control sequence.
 * - `*`, `_`, `~` at a word edge (a neighbour that is not a letter or digit: space, punctuation, start or end) and
 *   every backtick become look-alike characters that mrkdwn does not treat as markup: `∗` (U+2217), `ˍ` (U+02CD),
 *   `∼` (U+223C), `ˋ` (U+02CB). A name like `*bold*` then reads as written instead of turning bold, and a lone `_`
 *   cannot pair with the `_…_` arbot writes around it. Mid-word characters (`snake_case`, `A*B`) are kept: mrkdwn
 *   ignores them. Look-alikes were chosen over zero-width characters because Slack treats a zero-width space as a
 *   word boundary (it *enables* formatting) and its handling of other invisible characters is undocumented; a
 *   visible look-alike gives the same result on every client. The stored text is untouched; this is display only.
 * - `@channel`, `@here` and `@everyone` get a word joiner (U+2060) after the `@`. Block Kit text is sent with
 *   `verbatim: true`, which already stops Slack from parsing bare mentions; this is for places without that
 *   switch (the notification fallback `text`, a `parse: 'full'` post by mistake).
 * - Left alone on purpose: `:emoji:` codes and a `&gt;` quote at the start of a line of a note (both harmless and
 *   natural to read), and the characters of plain_text objects (Slack does not parse plain_text, so it is never
 *   escaped: escaping would show a literal `&amp;`).
 */

const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const lookalikes: Readonly<Record<string, string>> = { '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb' };
const wordChar = /[\p{L}\p{N}]/u;

/**
 * Escapes user text for a mrkdwn text object: no mention, link or formatting can come out of it.
 * @example escapeMrkdwn('<!channel> & *bold*') // "&lt;!channel&gt; &amp; ∗bold∗"
 */
export function escapeMrkdwn(text: string): string {
  const neutral = text.replace(/[&<>*_~`]/g, (c, offset: number) => {
    const e = entities[c];
    if (e !== undefined) return e;
    if (c === '`') return lookalikes[c]!;
    const before = text[offset - 1];
    const after = text[offset + 1];
    const midWord = before !== undefined && after !== undefined && wordChar.test(before) && wordChar.test(after);
    return midWord ? c : lookalikes[c]!;
  });
  return neutral.replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** Slack user ids are U… or W… followed by upper-case letters and digits. Anything else came from bad data. */
const slackUserId = /^[UW][A-Z0-9]{2,20}$/;

/**
 * How to name an owner in mrkdwn: a real mention (it notifies them) when their Slack id is known, else their name.
 * An id that is not shaped like a Slack user id (an import typo, an injection attempt) is ignored.
 * @example mention({ name: 'Ana', email: 'ana@x.example', team: 'sales', slackUserId: 'U024BE7LH' }) // "<@U024BE7LH>"
 * @example mention(null) // "no owner"
 */
export function mention(owner: OwnerRef | null): string {
  if (owner === null) return 'no owner';
  if (owner.slackUserId !== null && slackUserId.test(owner.slackUserId)) return `<@${owner.slackUserId}>`;
  return escapeMrkdwn(owner.name.trim() || owner.email);
}

/**
 * Shortens text to at most `max` UTF-16 code units (what Slack's limits count, rounded the safe way), ending
 * with "…". Never cuts an entity (`&amp;`), a control sequence (`<@U123>`, `<!date^…|…>`) or a surrogate pair
 * in half: the cut moves back before it.
 * @example truncate('Tom &amp; Jerry', 9) // "Tom…"
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let cut = max - 1;
  const amp = text.lastIndexOf('&', cut - 1);
  // An entity is at most "&amp;" long: one starting within the last four characters may straddle the cut.
  if (amp !== -1 && amp > cut - 5 && /^&(?:amp|lt|gt);/.test(text.slice(amp, amp + 5)) && text.indexOf(';', amp) >= cut) cut = amp;
  const lt = text.lastIndexOf('<', cut - 1);
  if (lt !== -1 && text.lastIndexOf('>', cut - 1) < lt) cut = lt;
  return `${text.slice(0, backOffSurrogate(text, cut)).trimEnd()}…`;
}

/** Plain_text (headers, buttons, options, modal titles) has no entities or control sequences to protect. */
export { truncatePlain };

/** How Slack writes the shared wording (blocks/wording) into mrkdwn: escaped data, `*bold*`, `:emoji:` codes. */
export const mrkdwnMarks: Marks = {
  esc: escapeMrkdwn,
  bold: (text) => `*${escapeMrkdwn(text)}*`,
  strong: (text) => `*${text}*`,
  italic: (text) => `_${text}_`,
  icon: (name) => `:${name}:`,
  cut: truncate,
};

/** The shared wording in plain_text (headers): nothing is parsed there, so nothing is escaped; emoji codes still show. */
export const plainTextMarks: Marks = plainMarks((name) => `:${name}:`, truncatePlain);
