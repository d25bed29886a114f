import { describe, expect, it } from 'vitest';
import { buildAnswerEmail } from '../../blocks/email/answer-email.js';

describe('the words of an answer', () => {
  it('keeps the text as typed and signs it with the person and the company', () => {
    const { text } = buildAnswerEmail({ body: '\nHello Ann,\r\n\r\nWe received it.\r\nThanks  \n\n', authorName: 'Ana Martin', companyName: 'Acme AR' });
    expect(text).toBe('Hello Ann,\n\nWe received it.\nThanks\n\n-- \nAna Martin, Acme AR');
  });

  it('says the same in HTML, escaped, one paragraph per blank line and a break per line', () => {
    const { html } = buildAnswerEmail({ body: 'Hi <b>Ann</b> & co,\n\nline 1\nline "2"', authorName: 'Ana <Martin>', companyName: 'A&B' });
    expect(html).toContain('<p style="margin:0 0 16px;">Hi &lt;b&gt;Ann&lt;/b&gt; &amp; co,</p>');
    expect(html).toContain('<p style="margin:0 0 16px;">line 1<br>line &quot;2&quot;</p>');
    expect(html).toContain('-- <br>Ana &lt;Martin&gt;, A&amp;B</p>');
    expect(html).not.toContain('<b>Ann');
  });

  it('is laid out for a phone: viewport, one narrow column, long words wrapped', () => {
    const { html } = buildAnswerEmail({ body: 'x'.repeat(500), authorName: 'Ana', companyName: 'Acme' });
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/max-width:640px;[^"]*font-size:16px;[^"]*overflow-wrap:break-word/);
  });

  it('has no signature when chat gave no name and no company is set', () => {
    expect(buildAnswerEmail({ body: 'ok', authorName: ' ', companyName: '' }).text).toBe('ok');
  });
});
