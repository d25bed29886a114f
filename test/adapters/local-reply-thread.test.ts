import { describe, expect, it } from 'vitest';
import { channelMain, type ChannelPage } from '../../adapters/local/pages/channel-page.js';
import type { Frame } from '../../adapters/local/pages/layout.js';
import { modalHtml } from '../../blocks/local/view-html.js';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { buildFullReplyModal } from '../../blocks/slack/reply-modals.js';
import type { LocalMessage } from '../../src/ports/local-slack-store.js';
import { actionIds } from '../../src/views/control-ids.js';
import { reply, replyView } from '../blocks/slack/reply-fixtures.js';

// The local workspace shows a customer's reply where Slack does: in the thread of its invoice's card, with its
// buttons, the customer's text as text (no link, no tag), and "Full reply" as a modal.

const at = new Date('2026-03-12T09:14:00Z');
const message = (ts: string, threadTs: string | null, m: { text: string; blocks: unknown[] }, id: bigint): LocalMessage =>
  ({ id, channel: 'C0ANA', ts, threadTs, author: 'U0ARBOT', text: m.text, blocks: m.blocks, visibleTo: null, postedAt: at, editedAt: null });

const view = replyView();
const page: ChannelPage = {
  channel: 'C0ANA', purpose: 'sales', authorName: () => 'arbot', formatTime: () => '09:14', names: { userName: () => null }, emptyHint: '',
  messages: [
    message('1.000100', null, buildAlertMessage(view.thread!.view), 1n),
    message('1.000200', '1.000100', buildAlertMessage(view), 2n),
  ],
};
const frame = { title: 't', here: '/local/c/C0ANA', csrf: 'x', users: [], me: { id: 'U1' }, channels: [], current: 'c:C0ANA', outboxCount: 0, clock: null, notice: null } as unknown as Frame;

describe('a customer reply in the local workspace', () => {
  const html = channelMain(page, frame);
  const thread = html.slice(html.indexOf('<section class="thread"'));

  it('is drawn in the thread of its invoice’s card, with its buttons', () => {
    expect(html.match(/<section class="thread"/g)).toHaveLength(1);
    expect(thread).toContain('Reply from Northwind');
    expect(thread).toContain(actionIds.answerReply);
    expect(thread).toContain('value="1.000200"'); // a click on it names the reply's own message
    expect(html.slice(0, html.indexOf('<section class="thread"'))).toContain(actionIds.snoozeDay);
  });

  it('shows the customer’s text as text: a quote, no link and no tag of theirs', () => {
    expect(thread).toContain('<blockquote>');
    expect(thread).not.toContain('href="https://evil.example');
    expect(thread).not.toMatch(/<b>html/);
    expect(thread).toContain('&lt;b&gt;html&lt;/b&gt;');
  });

  it('shows the reply whole in a modal', () => {
    const modal = modalHtml(buildFullReplyModal(reply(), 'All of it <b>x</b>'), {
      userName: () => null, viewId: 'V1', submitAction: '/local/submit', closeAction: '/local/close', hidden: {}, errors: {},
      target: { action: '/local/act', hidden: {} },
    });
    expect(modal).toContain('All of it &lt;b&gt;x&lt;/b&gt;');
    expect(modal).toContain('>Close</button>');
    expect(modal).not.toContain('type="submit" class="bk-button bk-primary"');
  });
});
