import { emojify } from './emoji.js';
import { escapeHtml, isSafeHref, type Html } from './html.js';

/** How mentions inside mrkdwn are named: `<@L12>` becomes "@Ana Martin" when the id is known. */
export interface MrkdwnContext {
  readonly userName: (userId: string) => string | null;
}

export const noUsers: MrkdwnContext = { userName: () => null };

// Private-use characters mark placeholders for pieces already rendered; they are removed from the input first.
const open = '\uE000';
const close = '\uE001';

/** Slack writes `&`, `<` and `>` of plain text as entities; these are the only three it uses. */
function decodeSlackEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_m, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : '>'));
}

/** Escaped plain text with `:emoji:` codes as characters, for plain_text objects with `emoji: true`. */
export function plainTextHtml(text: string, withEmoji = true): Html {
  const escaped = escapeHtml(text);
  return withEmoji ? emojify(escaped) : escaped;
}

/**
 * Renders Slack mrkdwn as HTML the way Slack shows it: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, fenced code
 * blocks, `>` quotes, `<url|label>` links, `<@U…>` mentions, `<!here>`, `<!date^…|fallback>`, and emoji codes.
 * Everything else is text: every character from the input is HTML-escaped, and only http(s) and mailto links are
 * made clickable, so nothing in a customer name or a note can become markup.
 * @example mrkdwnHtml('*Acme* &amp; <https://x.example|co>') // "<strong>Acme</strong> &amp; <a href=…>co</a>"
 */
export function mrkdwnHtml(source: string, ctx: MrkdwnContext = noUsers): Html {
  const pieces: Html[] = [];
  const hold = (html: Html) => `${open}${pieces.push(html) - 1}${close}`;
  let text = source.replace(/[\uE000\uE001]/g, '\uFFFD');
  // Fenced code first: nothing inside it is formatted.
  text = text.replace(/```([\s\S]*?)```/g, (_m, code: string) =>
    hold(`<pre class="code">${escapeHtml(decodeSlackEntities(code.replace(/^\n/, '')))}</pre>`));
  const lines = text.split('\n');
  const out: string[] = [];
  let quote: string[] | null = null;
  const flush = () => {
    if (quote) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = null;
  };
  for (const line of lines) {
    const q = /^(?:>|&gt;) ?/.exec(line);
    if (q) {
      (quote ??= []).push(inline(line.slice(q[0].length), ctx, hold));
    } else {
      flush();
      out.push(inline(line, ctx, hold));
    }
  }
  flush();
  // A quote block already ends its line; other lines are joined with <br>.
  const joined = out.reduce((acc, part, k) => {
    if (k === 0) return part;
    const prevBlock = out[k - 1]!.startsWith('<blockquote>');
    return acc + (prevBlock || part.startsWith('<blockquote>') ? '' : '<br>') + part;
  }, '');
  return joined.replace(new RegExp(`${open}(\\d+)${close}`, 'g'), (_m, k: string) => pieces[Number(k)] ?? '');
}

function inline(line: string, ctx: MrkdwnContext, hold: (html: Html) => string): string {
  let text = line.replace(/<([^<>\n]*)>/g, (_m, inner: string) => hold(controlSequence(inner, ctx)));
  text = text.replace(/`([^`\n]+)`/g, (_m, code: string) => hold(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`));
  // What is left is text: back to characters, then escaped for HTML, then formatted.
  let html = escapeHtml(decodeSlackEntities(text));
  html = emphasis(html, '\\*', 'strong');
  html = emphasis(html, '_', 'em');
  html = emphasis(html, '~', 's');
  return emojify(html);
}

/** `*x*` → <strong>x</strong> when the markers sit at word edges, as Slack requires. */
function emphasis(html: string, marker: string, tag: string): string {
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])${marker}(?!\\s)([^\\n]*?[^\\s])${marker}(?![\\p{L}\\p{N}])`, 'gu');
  return html.replace(re, (_m, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
}

/** One `<…>` sequence: a mention, a special mention, a date, or a link. */
function controlSequence(inner: string, ctx: MrkdwnContext): Html {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? null : decodeSlackEntities(inner.slice(bar + 1));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = ctx.userName(id) ?? label ?? id;
    return `<span class="mention">@${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`;
  if (target.startsWith('!')) {
    const special = /^!(here|channel|everyone)$/.exec(target);
    if (special) return `<span class="mention">@${special[1]}</span>`;
    const date = /^!date\^(\d+)\^/.exec(target);
    if (date) {
      const iso = new Date(Number(date[1]) * 1000).toISOString();
      return `<time datetime="${iso}">${escapeHtml(label ?? iso)}</time>`;
    }
    return `<span class="mention">${escapeHtml(label ?? target.slice(1))}</span>`;
  }
  const url = decodeSlackEntities(target);
  const shown = escapeHtml(label ?? url);
  if (!isSafeHref(url)) return shown;
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${shown}</a>`;
}
