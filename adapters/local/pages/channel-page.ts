import { blocksHtml, type InteractionTarget } from '../../../blocks/local/block-html.js';
import { attrs, escapeHtml, type Html } from '../../../blocks/local/html.js';
import { mrkdwnHtml, type MrkdwnContext } from '../../../blocks/local/mrkdwn-html.js';
import type { LocalMessage } from '../local-store.js';
import { form, type Frame } from './layout.js';

export interface ChannelPage {
  readonly channel: string;
  /** What the channel is for, under its name. */
  readonly purpose: string;
  readonly messages: readonly LocalMessage[];
  readonly authorName: (userId: string) => string;
  readonly formatTime: (at: Date) => string;
  readonly names: MrkdwnContext;
  readonly emptyHint: string;
}

const anchor = (ts: string) => `m-${ts.replace('.', '-')}`;

function messageHtml(m: LocalMessage, p: ChannelPage, f: Frame, replies: readonly LocalMessage[]): Html {
  const target: InteractionTarget = { action: '/local/act', hidden: { csrf: f.csrf, back: f.here, surface: 'message', channel: m.channel, ts: m.ts } };
  const body = m.blocks && m.blocks.length > 0
    ? blocksHtml(m.blocks, { ...p.names, target, idPrefix: anchor(m.ts) })
    : `<div class="bk-text">${mrkdwnHtml(m.text, p.names)}</div>`;
  const ephemeral = m.visibleTo !== null;
  const head = `<div class="msg-head"><span class="author">${escapeHtml(p.authorName(m.author))}</span>${m.author.startsWith('U') ? ' <span class="badge">app</span>' : ''}`
    + ` <time${attrs({ datetime: m.postedAt.toISOString() })}>${escapeHtml(p.formatTime(m.postedAt))}</time>${m.editedAt ? ' <span class="edited">(edited)</span>' : ''}`
    + `${ephemeral ? ' <span class="only-you">Only visible to you</span>' : ''}</div>`;
  const thread = replies.length === 0 ? '' : `<section class="thread"${attrs({ 'aria-label': `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}` })}><h4 class="thread-title">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</h4><ol role="list">${replies.map((r) => `<li>${messageHtml(r, p, f, [])}</li>`).join('')}</ol></section>`;
  return `<article${attrs({ class: `msg${ephemeral ? ' ephemeral' : ''}`, id: anchor(m.ts), 'aria-label': `${p.authorName(m.author)}: ${m.text.slice(0, 120)}` })}>${head}<div class="msg-body">${body}</div>${thread}</article>`;
}

/** A channel: its messages oldest first, each with its thread below it, then the composer. */
export function channelMain(p: ChannelPage, f: Frame): Html {
  const replies = new Map<string, LocalMessage[]>();
  for (const m of p.messages) if (m.threadTs !== null && m.threadTs !== m.ts) (replies.get(m.threadTs) ?? replies.set(m.threadTs, []).get(m.threadTs)!).push(m);
  const parents = new Set(p.messages.filter((m) => m.threadTs === null || m.threadTs === m.ts).map((m) => m.ts));
  const top = p.messages.filter((m) => parents.has(m.ts) || (m.threadTs !== null && !parents.has(m.threadTs)));
  const list = top.length === 0
    ? `<p class="empty">${escapeHtml(p.emptyHint)}</p>`
    : `<ol class="messages" role="list">${top.map((m) => `<li>${messageHtml(m, p, f, parents.has(m.ts) ? replies.get(m.ts) ?? [] : [])}</li>`).join('')}</ol>`;
  const composer = form('/local/command', f, `<input type="hidden" name="channel"${attrs({ value: p.channel })}>
<label for="composer">Message #${escapeHtml(p.channel)}</label>
<div class="composer-row"><input id="composer" name="text" type="text" autocomplete="off" maxlength="4000" placeholder="/dso, /ar Northwind, or a message" aria-describedby="composer-hint"><button type="submit" class="bk-button bk-primary">Send</button></div>
<p id="composer-hint" class="hint">Slash commands: <code>/dso [YYYY-MM-DD] [top|standard|at_risk] [share]</code>, <code>/ar &lt;customer&gt;</code>.</p>`, 'composer');
  return `<h1 class="channel-title">${p.channel.startsWith('D') ? escapeHtml(p.purpose) : `#${escapeHtml(p.channel)}`}</h1>
${p.channel.startsWith('D') ? '' : `<p class="purpose">${escapeHtml(p.purpose)}</p>`}
<div class="scroller">${list}</div>
${composer}`;
}
