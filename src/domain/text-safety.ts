// Characters that let imported text disguise itself: controls, bidirectional overrides and isolates, and invisible
// (zero-width, filler, tag) characters. `INV\u200b-1` looks like `INV-1` in an email subject; U+202E turns the
// rest of a line around; a line feed in a name makes a fake line in a text body.
// Identifiers refuse them (findUnsafeChar); names and free text have them removed (cleanName, cleanFreeText).

/** Names of the characters people meet; others are named by their kind. */
const names: Readonly<Record<number, string>> = {
  0x00: 'null', 0x07: 'bell', 0x08: 'backspace', 0x09: 'tab', 0x0a: 'line feed', 0x0b: 'vertical tab', 0x0c: 'form feed',
  0x0d: 'carriage return', 0x1b: 'escape', 0x7f: 'delete', 0x85: 'next line', 0xad: 'soft hyphen',
  0x34f: 'combining grapheme joiner', 0x61c: 'Arabic letter mark', 0x115f: 'Hangul choseong filler',
  0x1160: 'Hangul jungseong filler', 0x180e: 'Mongolian vowel separator', 0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner', 0x200d: 'zero-width joiner', 0x200e: 'left-to-right mark', 0x200f: 'right-to-left mark',
  0x2028: 'line separator', 0x2029: 'paragraph separator', 0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding', 0x202c: 'pop directional formatting', 0x202d: 'left-to-right override',
  0x202e: 'right-to-left override', 0x2060: 'word joiner', 0x2061: 'function application', 0x2062: 'invisible times',
  0x2063: 'invisible separator', 0x2064: 'invisible plus', 0x2066: 'left-to-right isolate', 0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate', 0x2069: 'pop directional isolate', 0x3164: 'Hangul filler', 0xfeff: 'zero-width no-break space (byte order mark)',
  0xffa0: 'halfwidth Hangul filler',
};

/**
 * Controls (Cc), format characters (Cf: zero-width, bidi marks, embeddings, overrides, isolates, word joiner, BOM,
 * tags), unpaired surrogates (Cs), the line and paragraph separators, variation selectors, and the characters that
 * draw nothing though not Cf (grapheme joiner, fillers, Khmer inherent vowels, Mongolian selectors).
 */
const unsafe = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
const unsafeAll = new RegExp(unsafe.source, 'gu');
const lineBreaks = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/g;

/** What a code point is, for messages: "U+202E (right-to-left override)". */
export function describeCodePoint(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} (${names[cp] ?? kindOf(cp)})`;
}

function kindOf(cp: number): string {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return cp < 0x80 ? 'control character' : 'C1 control character';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'unpaired surrogate, not valid Unicode';
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || (cp >= 0x180b && cp <= 0x180f)) return 'variation selector';
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag character';
  if (cp >= 0x202a && cp <= 0x2069) return 'bidirectional formatting character';
  return 'invisible formatting character';
}

/** True when text holds no control, bidi or invisible character (the fast check of hot paths). */
export function isPlainText(text: string): boolean {
  return !unsafe.test(text);
}

/**
 * The first control, bidi or invisible character of `text`, described, or null.
 * @example findUnsafeChar('INV\u200b-1') // { codePoint: 0x200b, label: 'U+200B (zero-width space)' }
 */
export function findUnsafeChar(text: string): { codePoint: number; label: string } | null {
  const m = unsafe.exec(text);
  if (!m) return null;
  const codePoint = m[0].codePointAt(0)!;
  return { codePoint, label: describeCodePoint(codePoint) };
}

export type CleanText = { ok: true; text: string } | { ok: false; reason: string };

/**
 * A name shown on one line (chat titles, email subjects): tabs become spaces, other unsafe characters are removed,
 * and a line break is refused, since removing it would join two lines someone meant.
 * @example cleanName('Acme\u202e Inc\t') // { ok: true, text: 'Acme Inc ' }
 * @example cleanName('Acme\nTotal due: 0') // { ok: false, reason: 'contains a line break, U+000A (line feed); a name is one line' }
 */
export function cleanName(text: string): CleanText {
  const lineBreak = /[\n\v\f\r\u0085\u2028\u2029]/.exec(text);
  if (lineBreak) return { ok: false, reason: `contains a line break, ${describeCodePoint(lineBreak[0].codePointAt(0)!)}; a name is one line` };
  return { ok: true, text: text.replace(/\t/g, ' ').replace(unsafeAll, '') };
}

/**
 * Free text (a dispute reason, a credit note reason): line breaks are kept as "\n", tabs become spaces, other
 * unsafe characters are removed.
 * @example cleanFreeText('wrong\r\nPO\u200b 42') // 'wrong\nPO 42'
 */
export function cleanFreeText(text: string): string {
  return text.replace(lineBreaks, '\n').replace(/\t/g, ' ').replace(unsafeAll, (c) => (c === '\n' ? c : ''));
}

/**
 * Text for a terminal: every unsafe character but tab and line feed becomes its visible `\uXXXX` escape, so an
 * imported name cannot move the cursor, recolour or reverse what follows. Inside JSON strings the escape is valid
 * and parses back to the same character, so `--json` output stays valid and equal once parsed.
 * @example terminalSafe('INV\u202e-1\x1b[31m') // "INV\\u202e-1\\u001b[31m"
 */
export function terminalSafe(text: string): string {
  return text.replace(unsafeAll, (ch) => {
    if (ch === '\n' || ch === '\t') return ch;
    const cp = ch.codePointAt(0)!;
    if (cp > 0xffff) {
      const hi = 0xd800 + ((cp - 0x10000) >> 10);
      const lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      return `\\u${hi.toString(16)}\\u${lo.toString(16)}`;
    }
    return `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}
