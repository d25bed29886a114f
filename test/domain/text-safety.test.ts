import { describe, expect, it } from 'vitest';
import { cleanFreeText, cleanName, describeCodePoint, findUnsafeChar, isPlainText } from '../../src/domain/text-safety.js';

describe('findUnsafeChar: the characters an identifier refuses, named', () => {
  it.each([
    ['INV\u200b-1', 'U+200B (zero-width space)'],
    ['INV\u200c1', 'U+200C (zero-width non-joiner)'],
    ['INV\u200d1', 'U+200D (zero-width joiner)'],
    ['INV\u20601', 'U+2060 (word joiner)'],
    ['INV\ufeff1', 'U+FEFF (zero-width no-break space (byte order mark))'],
    ['INV-1\u202e7gp', 'U+202E (right-to-left override)'],
    ['\u202aX', 'U+202A (left-to-right embedding)'],
    ['a\u202db', 'U+202D (left-to-right override)'],
    ['a\u2066b', 'U+2066 (left-to-right isolate)'],
    ['a\u2069b', 'U+2069 (pop directional isolate)'],
    ['a\u200eb', 'U+200E (left-to-right mark)'],
    ['a\u200fb', 'U+200F (right-to-left mark)'],
    ['a\u061cb', 'U+061C (Arabic letter mark)'],
    ['a\tb', 'U+0009 (tab)'],
    ['a\nb', 'U+000A (line feed)'],
    ['a\rb', 'U+000D (carriage return)'],
    ['a\u001b[31mb', 'U+001B (escape)'],
    ['a\u0001b', 'U+0001 (control character)'],
    ['a\u007fb', 'U+007F (delete)'],
    ['a\u0085b', 'U+0085 (next line)'],
    ['a\u009bb', 'U+009B (C1 control character)'],
    ['a\u00adb', 'U+00AD (soft hyphen)'],
    ['a\u2028b', 'U+2028 (line separator)'],
    ['a\u3164b', 'U+3164 (Hangul filler)'],
    ['a\ufe0fb', 'U+FE0F (variation selector)'],
    ['a\u{e0041}b', 'U+E0041 (tag character)'],
    ['a\ud800b', 'U+D800 (unpaired surrogate, not valid Unicode)'],
  ])('refuses %j: %s', (text, label) => {
    expect(findUnsafeChar(text)?.label).toBe(label);
    expect(isPlainText(text)).toBe(false);
  });

  it.each(['INV-2026-0001', 'Ünïcödé ẞ', '请求书-7', 'فاتورة ٧', 'שלום', 'PO 42 / A', '😀 emoji', "O'Brien & Co. <x>", 'a\u00a0b'])(
    'lets plain text through, whatever its script: %j', (text) => {
      expect(findUnsafeChar(text)).toBeNull();
      expect(isPlainText(text)).toBe(true);
    },
  );

  it('names the first such character, with at least four hex digits', () => {
    expect(findUnsafeChar('a\u200bb\u202e')?.codePoint).toBe(0x200b);
    expect(describeCodePoint(0x1b)).toBe('U+001B (escape)');
  });
});

describe('cleanName: one line, invisible characters removed', () => {
  it.each([
    ['Acme\u202e Inc', 'Acme Inc'],
    ['Ac\u200bme\u200d', 'Acme'],
    ['Acme\tInc', 'Acme Inc'],
    ['\ufeffAcme', 'Acme'],
    ['Acme \u001b[2JInc', 'Acme [2JInc'],
    ['Société Générale', 'Société Générale'],
  ])('%j becomes %j', (text, clean) => {
    expect(cleanName(text)).toEqual({ ok: true, text: clean });
  });

  it.each([
    ['Acme\nTotal due: 0.00', 'U+000A (line feed)'],
    ['Acme\r\nX', 'U+000D (carriage return)'],
    ['Acme\u2028X', 'U+2028 (line separator)'],
    ['Acme\u0085X', 'U+0085 (next line)'],
  ])('refuses a line break in %j', (text, label) => {
    expect(cleanName(text)).toEqual({ ok: false, reason: `contains a line break, ${label}; a name is one line` });
  });
});

describe('cleanFreeText: line breaks kept, the rest removed', () => {
  it.each([
    ['wrong\r\nPO\u200b 42', 'wrong\nPO 42'],
    ['a\rb\u2028c', 'a\nb\nc'],
    ['qty\t3\u202e', 'qty 3'],
    ['\u001b[31mred', '[31mred'],
    ['plain', 'plain'],
  ])('%j becomes %j', (text, clean) => {
    expect(cleanFreeText(text)).toBe(clean);
  });
});
