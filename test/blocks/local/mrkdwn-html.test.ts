import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../blocks/local/html.js';
import { mrkdwnHtml, plainTextHtml } from '../../../blocks/local/mrkdwn-html.js';
import { escapeMrkdwn } from '../../../blocks/slack/mrkdwn.js';

const names = { userName: (id: string) => (id === 'L1' ? 'Ana <Martin>' : null) };

describe('mrkdwn as HTML', () => {
  it.each([
    ['bold at word edges', '*Acme* owes', '<strong>Acme</strong> owes'],
    ['italic and strike', '_late_ and ~gone~', '<em>late</em> and <s>gone</s>'],
    ['markers inside words stay', 'snake_case_name and 2*3*4', 'snake_case_name and 2*3*4'],
    ['nested bold and italic', '*_both_*', '<strong><em>both</em></strong>'],
    ['inline code is not formatted', '`*not bold*`', '<code>*not bold*</code>'],
    ['fenced code keeps its lines', '```a\n*b*```', '<pre class="code">a\n*b*</pre>'],
    ['Slack entities show as characters, escaped for HTML', 'Tom &amp; Jerry &lt;3 "x"', 'Tom &amp; Jerry &lt;3 &quot;x&quot;'],
    ['line breaks', 'one\ntwo', 'one<br>two'],
    ['a quote block, > or &gt;', '>first\n&gt; second\nafter', '<blockquote>first<br>second</blockquote>after'],
    ['links with a label', '<https://pay.example/x?a=1&amp;b=2|Pay now>', '<a href="https://pay.example/x?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">Pay now</a>'],
    ['a javascript: link is only text', '<javascript:alert(1)|click>', 'click'],
    ['a mention by name when known, escaped', '<@L1> and <@U999>', '<span class="mention">@Ana &lt;Martin&gt;</span> and <span class="mention">@U999</span>'],
    ['special mentions', '<!here> <!channel>', '<span class="mention">@here</span> <span class="mention">@channel</span>'],
    ['a date shows its fallback', '<!date^1772442000^{date_short_pretty}|2026-03-02 09:00 UTC>', '<time datetime="2026-03-02T09:00:00.000Z">2026-03-02 09:00 UTC</time>'],
    ['emoji codes', ':rotating_light: :no_such_emoji:', '🚨 :no_such_emoji:'],
  ])('%s', (_name, input, html) => {
    expect(mrkdwnHtml(input, names)).toBe(html);
  });

  it('renders text arbot escaped with escapeMrkdwn as the person typed it, with no markup', () => {
    const typed = '<script>alert("x")</script> & *bold* <!channel> <http://evil.example|click> `tick`';
    const html = mrkdwnHtml(escapeMrkdwn(typed));
    expect(html).not.toMatch(/<(script|a|strong|span|code)\b/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;');
    expect(html).toContain('&lt;http://evil.example|click&gt;');
  });

  it('never lets placeholder characters in the input reach into rendered pieces', () => {
    expect(mrkdwnHtml('\uE0000\uE001 <https://x.example|x>')).toBe('\uFFFD0\uFFFD <a href="https://x.example" rel="noopener noreferrer" target="_blank">x</a>');
  });

  it('escapes plain text and turns emoji codes into characters only when asked', () => {
    expect(plainTextHtml('<b>Hi</b> :tada:')).toBe('&lt;b&gt;Hi&lt;/b&gt; 🎉');
    expect(plainTextHtml(':tada:', false)).toBe(':tada:');
    expect(escapeHtml(`'"`)).toBe('&#39;&quot;');
  });
});
