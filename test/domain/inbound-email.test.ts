import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, decodeText, messageIdOf, parseCharsets, parseHeaderBlock } from '../../src/domain/inbound-email.js';

describe('decodeText', () => {
  it.each([
    ['utf-8', Buffer.from('réglé ✓'), 'réglé ✓'],
    ['UTF-8', Buffer.from('ok'), 'ok'],
    ['iso-8859-1', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'café'],
    // Node 20 alone turns these into C1 controls; the WHATWG table says euro, curly apostrophe, em dash, ellipsis.
    ['windows-1252', Buffer.from([0x80, 0x20, 0x92, 0x97, 0x85]), '€ ’—…'],
    ['iso-8859-1', Buffer.from([0x92]), '’'],
    ['iso-8859-15', Buffer.from([0xa4]), '€'],
    ['windows-1250', Buffer.from([0x8a, 0xe8]), 'Šč'],
    ['shift_jis', Buffer.from([0x82, 0xa0]), 'あ'],
    ['x-unknown', Buffer.from([0x6f, 0x6b, 0xff]), 'ok\uFFFD'],
    [undefined, Buffer.from('a\u0000b'), 'ab'],
  ])('reads %s bytes', (charset, bytes, text) => {
    expect(decodeText(bytes, charset)).toBe(text);
  });
});

describe('headers', () => {
  it('unfolds the header block and stops at the first empty line', () => {
    expect(parseHeaderBlock('Subject: Re: invoice\r\n 42\r\nMessage-ID:\r\n\t<a@b>\r\n\r\nBody: no\r\n')).toEqual([
      ['subject', 'Re: invoice 42'], ['message-id', '<a@b>'],
    ]);
  });

  it.each([
    [[['message-id', ' <CAF=x@mail.gmail.com> ']], '<CAF=x@mail.gmail.com>'],
    [[['message-id', 'no brackets']], null],
    [[['subject', '<a@b>']], null],
  ] as [[string, string][], string | null][])('finds the Message-ID in %j', (headers, id) => {
    expect(messageIdOf(headers)).toBe(id);
  });

  it.each([
    ['=?utf-8?B?Y2Fmw6k=?= ok', 'café ok'],
    ['=?iso-8859-1?Q?Jos=E9_Pe=F1a?= <j@x>', 'José Peña <j@x>'],
    ['=?utf-8?Q?a?= =?utf-8?Q?b?=', 'ab'],
    ['plain', 'plain'],
  ])('decodes encoded words in %s', (raw, text) => {
    expect(decodeEncodedWords(raw)).toBe(text);
  });

  it.each([['{"text":"iso-8859-1"}', { text: 'iso-8859-1' }], ['[1]', {}], ['{', {}], [undefined, {}]])('reads charsets %s', (json, out) => {
    expect(parseCharsets(json)).toEqual(out);
  });
});
