import { describe, expect, it } from 'vitest';
import { mrkdwnChunks } from '../../../blocks/slack/mrkdwn-chunks.js';

// Splitting escaped mrkdwn into texts within a limit: at line ends where it can, never inside an entity or a
// surrogate pair, and a quote stays a quote on every piece.

describe('mrkdwnChunks', () => {
  it.each([
    ['packs whole lines up to the limit', 'ab\ncd\nef', 5, {}, ['ab\ncd', 'ef']],
    ['cuts a line longer than the limit', 'abcdef', 4, {}, ['abcd', 'ef']],
    ['moves a cut back before an entity it would split', 'abcd&amp;ef', 7, {}, ['abcd', '&amp;ef']],
    ['moves a cut back before a surrogate pair it would split', 'ab😀cd', 3, {}, ['ab', '😀c', 'd']],
    ['quotes every line and every piece of a cut line', 'abcdef\ng', 4, { quote: true }, ['>abc', '>def', '>g']],
    ['keeps an empty line of a quote', 'a\n\nb', 3000, { quote: true }, ['>a\n>\n>b']],
  ])('%s', (_name, text, max, opts, chunks) => {
    const out = mrkdwnChunks(text, max, opts);
    expect(out).toEqual(chunks);
    expect(out.every((c) => c.length <= max)).toBe(true);
  });

  it('still ends, within the limit, with a limit smaller than an entity', () => {
    const out = mrkdwnChunks('&amp;&amp;', 3);
    expect(out.every((c) => c.length <= 3)).toBe(true);
    expect(out.join('').replace(/\n/g, '')).toBe('&amp;&amp;');
  });
});
