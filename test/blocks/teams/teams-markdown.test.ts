import { describe, expect, it } from 'vitest';
import { escapeTeamsMarkdown, truncateText } from '../../../blocks/teams/teams-markdown.js';

describe('escapeTeamsMarkdown', () => {
  it.each([
    ['bold and italics', '*bold* _it_ ~~del~~', '∗bold∗ ˍitˍ ∼∼del∼∼'],
    ['a link', '[click](http://evil.example)', '［click］(http://evil.example)'],
    ['a mention tag', '<at>Ana</at>', '‹at›Ana‹/at›'],
    ['html', '<b>x</b>', '‹b›x‹/b›'],
    ['a heading', '# Title', '＃ Title'],
    ['code', '`rm -rf`', 'ˋrm -rfˋ'],
    ['a date function', '{{DATE(2026-01-01T00:00:00Z, SHORT)}}', '{\u2060{DATE(2026-01-01T00:00:00Z, SHORT)}}'],
    ['an entity', 'Tom &amp; Jerry &lt;at&gt;', 'Tom &\u2060amp; Jerry &\u2060lt;at&\u2060gt;'],
    ['list markers at a line start', '- one\n+ two\n3. three', '\u2060- one\n\u2060+ two\n\u20603. three'],
    ['a table pipe', 'a | b', 'a ∣ b'],
    ['plain text', 'Northwind & Co, 1,234.50 EUR (ref. 42)', 'Northwind & Co, 1,234.50 EUR (ref. 42)'],
    ['windows line ends', 'a\r\nb', 'a\nb'],
  ])('neutralises %s', (_what, input, expected) => {
    expect(escapeTeamsMarkdown(input)).toBe(expected);
  });

  it('cuts text with an ellipsis without splitting a surrogate pair', () => {
    expect(truncateText('Approve the final notice', 10)).toBe('Approve t…');
    expect(truncateText('ab😀cd', 4)).toBe('ab…');
    expect(truncateText('short', 10)).toBe('short');
  });
});
