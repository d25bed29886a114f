import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, mention, truncate, truncatePlain } from '../../../blocks/slack/mrkdwn.js';
import { ana, bob, dev, mallory } from './fixtures.js';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U999>', '&lt;@U999&gt;'],
    ['<http://evil.example|click>', '&lt;http://evil.example|click&gt;'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['&amp; stays literal', '&amp;amp; stays literal'],
    ['*bold*', '∗bold∗'],
    ['_italic_', 'ˍitalicˍ'],
    ['~strike~', '∼strike∼'],
    ['`code`', 'ˋcodeˋ'],
    ['```block```', 'ˋˋˋblockˋˋˋ'],
    ['<!channel> & *bold*', '&lt;!channel&gt; &amp; ∗bold∗'],
    ['snake_case_name', 'snake_case_name'],
    ['A*B and 5_000', 'A*B and 5_000'],
    ['x * y', 'x ∗ y'],
    ['trailing_', 'trailingˍ'],
    ['ping @channel and @Here', 'ping @\u2060channel and @\u2060Here'],
    ['mail ap@channel.example', 'mail ap@\u2060channel.example'],
    ['Zürich GmbH — 東京', 'Zürich GmbH — 東京'],
    ['', ''],
  ])('escapes %j as %j', (input, output) => {
    expect(escapeMrkdwn(input)).toBe(output);
  });

  it('never leaves a raw < or > and never a formatting pair at word edges, whatever the input', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '*', '_', '~', '`', '!', '@', 'a', ' ', '|', 'U') }), (s) => {
      const e = escapeMrkdwn(s);
      expect(e).not.toMatch(/[<>`]/);
      expect(e).not.toMatch(/(^|[^\p{L}\p{N}])[*_~]|[*_~]($|[^\p{L}\p{N}])/u);
    }));
  });
});

describe('mention', () => {
  it.each([
    ['a user id', ana, '<@U0ANA0001>'],
    ['an enterprise user id', dev, '<@W0DEV0002>'],
    ['no id: the escaped name', bob, 'Bob &lt;!here&gt;ˍx'],
    ['a malformed id: the name', mallory, 'Mallory'],
    ['nobody', null, 'no owner'],
    ['a blank name: the email', { ...bob, name: ' ' }, 'bob@arbot.example'],
  ] as const)('mentions %s', (_, owner, expected) => {
    expect(mention(owner)).toBe(expected);
  });
});

describe('truncate', () => {
  it.each([
    ['short text is left alone', 'abc', 3, 'abc'],
    ['cuts with an ellipsis', 'abcdef', 4, 'abc…'],
    ['drops trailing spaces before the ellipsis', 'abc def', 5, 'abc…'],
    ['never cuts &amp; in half', 'Tom &amp; Jerry', 9, 'Tom…'],
    ['keeps a whole entity that fits', 'Tom &amp; Jerry', 11, 'Tom &amp;…'],
    ['never cuts &lt; in half', 'a&lt;b', 4, 'a…'],
    ['never cuts a mention in half', 'ask <@U0ANA0001> now', 10, 'ask…'],
    ['never cuts a date token in half', 'sent <!date^1^{date}|2026-03-09>', 20, 'sent…'],
    ['never splits a surrogate pair', 'ab😀cd', 4, 'ab…'],
    ['gives nothing for max 0', 'abc', 0, ''],
  ])('%s', (_, text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });

  it('stays within max and ends on a whole escape sequence for any escaped text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', 'a', ' ', 'é') }), fc.integer({ min: 1, max: 40 }), (raw, max) => {
      const t = truncate(escapeMrkdwn(raw), max);
      expect(t.length).toBeLessThanOrEqual(max);
      const body = t.endsWith('…') ? t.slice(0, -1) : t;
      expect(body).not.toMatch(/&(?!(amp|lt|gt);)/);
    }));
  });
});

describe('truncatePlain', () => {
  it.each([
    ['AT&T Customer Services', 6, 'AT&T…'],
    ['a < b', 10, 'a < b'],
    ['😀😀😀', 4, '😀…'],
  ])('cuts %j to %i as %j', (text, max, expected) => {
    expect(truncatePlain(text, max)).toBe(expected);
  });
});
