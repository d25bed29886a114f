import { blocksHtml, type InteractionTarget } from '../../../blocks/local/block-html.js';
import { attrs, escapeHtml, type Html } from '../../../blocks/local/html.js';
import { mrkdwnHtml, type MrkdwnContext } from '../../../blocks/local/mrkdwn-html.js';
import type { LocalMessage } from '../../../src/ports/local-slack-store.js';
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

/** Drawn under each message: the private answers to clicks on it, and its thread. */
interface Below {
  readonly replies: ReadonlyMap<string, readonly LocalMessage[]>;
  readonly answers: ReadonlyMap<string, readonly LocalMessage[]>;
}

const dismissForm = (m: LocalMessage, f: Frame) => form('/local/dismiss', f,
  `<input type="hidden" name="channel"${attrs({ value: m.channel })}><input type="hidden" name="ts"${attrs({ value: m.ts })}><button type="submit" class="link-button">Dismiss<span class="visually-hidden"> this message</span></button>`,
  'dismiss');

function messageHtml(m: LocalMessage, p: ChannelPage, f: Frame, below: Below, withThread: boolean): Html {
  const replies = withThread ? below.replies.get(m.ts) ?? [] : [];
  const target: InteractionTarget = { action: '/local/act', hidden: { csrf: f.csrf, back: f.here, surface: 'message', channel: m.channel, ts: m.ts } };
  const body = m.blocks && m.blocks.length > 0
    ? blocksHtml(m.blocks, { ...p.names, target, idPrefix: anchor(m.ts) })
    : `<div class="bk-text">${mrkdwnHtml(m.text, p.names)}</div>`;
  const ephemeral = m.visibleTo !== null;
  const head = `<div class="msg-head"><span class="author">${escapeHtml(p.authorName(m.author))}</span>${m.author.startsWith('U') ? ' <span class="badge">app</span>' : ''}`
    + ` <time${attrs({ datetime: m.postedAt.toISOString() })}>${escapeHtml(p.formatTime(m.postedAt))}</time>${m.editedAt ? ' <span class="edited">(edited)</span>' : ''}`
    + `${ephemeral ? ` <span class="only-you">Only visible to you</span>${dismissForm(m, f)}` : ''}</div>`;
  const answers = below.answers.get(m.ts) ?? [];
  const answered = answers.length === 0 ? '' : `<div class="answers">${answers.map((a) => messageHtml(a, p, f, below, false)).join('')}</div>`;
  const thread = replies.length === 0 ? '' : `<section class="thread"${attrs({ 'aria-label': `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}` })}><h4 class="thread-title">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</h4><ol role="list">${replies.map((r) => `<li>${messageHtml(r, p, f, below, false)}</li>`).join('')}</ol></section>`;
  return `<article${attrs({ class: `msg${ephemeral ? ' ephemeral' : ''}`, id: anchor(m.ts), 'aria-label': `${p.authorName(m.author)}: ${m.text.slice(0, 120)}` })}>${head}<div class="msg-body">${body}</div>${answered}${thread}</article>`;
}

/**
 * A channel: its messages oldest first, each with its private answers and its thread below it, then the composer.
 * The hidden "Messages" heading keeps the outline h1, h2, h3 (each card's header is an h3).
 */
export function channelMain(p: ChannelPage, f: Frame): Html {
  const shown = new Set(p.messages.map((m) => m.ts));
  // An ephemeral whose thread_ts names a message on the page answers a click on it: it is drawn right below it.
  const isAnswer = (m: LocalMessage) => m.visibleTo !== null && m.threadTs !== null && m.threadTs !== m.ts && shown.has(m.threadTs);
  const group = (list: readonly LocalMessage[]) => {
    const by = new Map<string, LocalMessage[]>();
    for (const m of list) (by.get(m.threadTs!) ?? by.set(m.threadTs!, []).get(m.threadTs!)!).push(m);
    return by;
  };
  const answers = group(p.messages.filter(isAnswer));
  const rest = p.messages.filter((m) => !isAnswer(m));
  const replies = group(rest.filter((m) => m.threadTs !== null && m.threadTs !== m.ts));
  const parents = new Set(rest.filter((m) => m.threadTs === null || m.threadTs === m.ts).map((m) => m.ts));
  const top = rest.filter((m) => parents.has(m.ts) || (m.threadTs !== null && !parents.has(m.threadTs)));
  const below: Below = { replies, answers };
  const list = top.length === 0
    ? `<p class="empty">${escapeHtml(p.emptyHint)}</p>`
    : `<ol class="messages" role="list">${top.map((m) => `<li>${messageHtml(m, p, f, below, parents.has(m.ts))}</li>`).join('')}</ol>`;
  const dm = p.channel.startsWith('D');
  const composer = form('/local/command', f, `<input type="hidden" name="channel"${attrs({ value: p.channel })}>
<label for="composer">${dm ? 'Message arbot' : `Message #${escapeHtml(p.channel)}`}</label>
<div class="composer-row"><input id="composer" name="text" type="text" autocomplete="off" maxlength="4000" placeholder="/dso, /ar Northwind, or a message" aria-describedby="composer-hint"><button type="submit" class="bk-button bk-primary">Send</button></div>
<p id="composer-hint" class="hint">Slash commands: <code>/dso [YYYY-MM-DD] [top|standard|at_risk] [share]</code>, <code>/ar &lt;customer&gt;</code>, <code>/review [YYYY-MM]</code>, <code>/team [owner]</code>.</p>`, 'composer');
  return `<h1 class="channel-title">${p.channel.startsWith('D') ? escapeHtml(p.purpose) : `#${escapeHtml(p.channel)}`}</h1>
${p.channel.startsWith('D') ? '' : `<p class="purpose">${escapeHtml(p.purpose)}</p>`}
<h2 class="visually-hidden">Messages</h2>
<div class="scroller">${list}</div>
${composer}`;
}
