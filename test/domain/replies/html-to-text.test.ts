import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText, maxHtmlLength } from '../../../src/domain/replies/html-to-text.js';

describe('htmlToText', () => {
  it.each([
    ['turns paragraphs and breaks into lines', '<p>Hello,</p><p>We pay<br>tomorrow</p>', 'Hello,\nWe pay\ntomorrow'],
    ['collapses source whitespace', '<div>We   will\n  pay</div>', 'We will pay'],
    ['decodes entities', '<p>R&eacute;gl&eacute; &amp; pay&#233; &#x20AC;5&nbsp;000 &lt;b&gt;</p>', 'Réglé & payé €5 000 <b>'],
    ['drops scripts, styles, head and comments', '<head><title>t</title><style>p{}</style></head><script>alert(1)</script><!-- hi --><p>ok</p>', 'ok'],
    ['marks blockquote lines as quoted', '<p>Paid</p><blockquote><p>due 1 March</p><p>pay now</p></blockquote>', 'Paid\n> due 1 March\n> pay now'],
    ['puts table cells apart', '<table><tr><td>Total</td><td>1 200 €</td></tr></table>', 'Total 1 200 €'],
    ['keeps a lone "<" as text', '<p>a < b</p>', 'a < b'],
    ['drops an unterminated tag and what follows', '<p>ok</p><a href="x', 'ok'],
    ['leaves unknown entities alone', '<p>&bogus; &#0;</p>', '&bogus;'],
  ])('%s', (_name, html, want) => {
    expect(htmlToText(html)).toBe(want);
  });

  it.each([
    ['nested unclosed tags', '<div>'.repeat(100_000)],
    ['open angle brackets', '<a'.repeat(100_000)],
    ['an unclosed comment', `<!--${'-'.repeat(200_000)}`],
    ['an unclosed script', `<script>${'<'.repeat(200_000)}`],
    ['entity-like runs', '&#'.repeat(100_000)],
    ['whitespace runs', `<p>${' \n\t'.repeat(100_000)}x</p>`],
  ])('returns quickly on hostile input: %s', (_name, html) => {
    const started = performance.now();
    htmlToText(html);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it(`reads at most ${maxHtmlLength} characters`, () => {
    expect(htmlToText(`${'a'.repeat(maxHtmlLength)}TAIL`)).not.toContain('TAIL');
  });

  it('decodes entities on their own', () => {
    expect(decodeEntities('&quot;&apos;&#39;&euro;')).toBe('"\'\'€');
  });
});
