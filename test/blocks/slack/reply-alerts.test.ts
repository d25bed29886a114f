import { describe, expect, it } from 'vitest';
import { actionValueData, parseActionValue } from '../../../blocks/slack/action-value.js';
import { buildAlertMessage } from '../../../blocks/slack/alert-blocks.js';
import { decodeAction } from '../../../src/chat/chat-action.js';
import { actionIds } from '../../../src/views/control-ids.js';
import { invoice } from './fixtures.js';
import { blockKitViolations, parsedText, valuesOf } from './limits.js';
import { hostileReplyText, replyView } from './reply-fixtures.js';

// A customer's reply in Block Kit: the customer's text shown, never interpreted; the buttons of replyControls with
// values the Slack listener lets through and the core decodes; every limit kept however long escaping makes it.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read blocks field by field

const buttons = (view: Parameters<typeof buildAlertMessage>[0]) =>
  (buildAlertMessage(view).blocks as Json[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]);
const sections = (view: Parameters<typeof buildAlertMessage>[0]) =>
  (buildAlertMessage(view).blocks as Json[]).filter((b) => b.type === 'section' && typeof b.text?.text === 'string').map((b) => b.text.text as string);
/** The quoted reply: the sections whose every line is a mrkdwn quote. */
const quoted = (view: Parameters<typeof buildAlertMessage>[0]) => sections(view).filter((t) => t.split('\n').every((l) => l.startsWith('>')));
const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('a customer reply in Slack', () => {
  it('shows the customer’s text quoted and inert: no link, mention, ping, formatting or HTML comes out of it', () => {
    const message = buildAlertMessage(replyView());
    const parsed = parsedText(message);
    // The only control sequence in the whole message is arbot's own mention of the owner.
    expect(parsed.match(/<[^>]*>/g)).toEqual(['<@U0ANA0001>']);
    expect(parsed).not.toMatch(/\*bold\*|(^|\s)_it_|~st~|`code`/);
    expect(parsed).toContain('&lt;https://evil.example|click here&gt;');
    expect(parsed).toContain('&lt;b&gt;html&lt;/b&gt;');
    expect(parsed).toContain('@\u2060here');
    expect(parsed).toContain('&amp;amp;');
    const [quote] = quoted(replyView());
    expect(quote).toBe(`>${quote!.slice(1)}`);
    expect(message.text).not.toMatch(/<|\*Invoice\*/);
    expect((message.blocks as Json[]).filter((b) => b.type === 'section' || b.type === 'context').every((b) => JSON.stringify(b).includes('"verbatim":true'))).toBe(true);
  });

  it('has the header, facts, proposal and status of the reply', () => {
    const text = JSON.stringify(buildAlertMessage(replyView()).blocks);
    expect(text).toContain('Reply from Northwind <!here> Traders'); // the header is plain_text: shown as typed, never parsed
    expect(text).toContain('Looks like a promise to pay €12,480.00 on *2026-03-20*');
    expect(text).toContain('Reminders paused until *2026-03-19* because of this reply');
    expect(text).toContain('remit&lt;!channel&gt;.pdf');
  });

  it('carries the reply on Reply, Resume, Done and Full reply, and the invoice with it on Log promise and Open dispute', () => {
    const view = replyView({ cut: true, text: 'x'.repeat(1500) });
    expect(buttons(view).map((b) => [b.action_id, JSON.parse(b.value)])).toEqual([
      [actionIds.answerReply, { rp: '9' }],
      [actionIds.logPromise, { i: '1042', rp: '9' }],
      [actionIds.openDispute, { i: '1042', rp: '9' }],
      [actionIds.resumeReminders, { rp: '9' }],
      [actionIds.replyDone, { rp: '9' }],
      [actionIds.fullReply, { rp: '9' }],
    ]);
    expect(buttons(view)[0]!.style).toBe('primary');
  });

  it('has no promise or dispute button without an invoice, none for a dispute already open, and no Done once handled', () => {
    expect(buttons(replyView({ invoice: null })).map((b) => b.action_id)).toEqual([actionIds.answerReply, actionIds.resumeReminders, actionIds.replyDone]);
    const disputed = invoice({ openDispute: { id: '4', status: 'to_clarify', ownerName: null } });
    expect(buttons(replyView({ invoice: disputed, pausedUntil: null, handled: { how: 'answered', by: 'Ana', at: '2026-03-12 10:00' } })).map((b) => b.action_id))
      .toEqual([actionIds.answerReply, actionIds.logPromise]);
  });

  it.each([
    [actionIds.answerReply, { type: 'open_form', form: 'answer_reply', subject: { kind: 'reply', id: 9n }, reply: null }],
    [actionIds.logPromise, { type: 'open_form', form: 'promise', subject: { kind: 'invoice', id: 1042n }, reply: 9n }],
    [actionIds.openDispute, { type: 'open_form', form: 'dispute', subject: { kind: 'invoice', id: 1042n }, reply: 9n }],
    [actionIds.resumeReminders, { type: 'resume_reminders', replyId: 9n }],
    [actionIds.replyDone, { type: 'close_reply', replyId: 9n }],
    [actionIds.fullReply, { type: 'show_reply', replyId: 9n }],
  ])('decodes %s as the listener does: strict value, then the core', (id, action) => {
    const value = buttons(replyView({ cut: true })).find((b) => b.action_id === id)!.value as string;
    const data = actionValueData(value, ['invoice', 'dispute', 'email', 'change_request', 'reply', 'reply_invoice']);
    expect(decodeAction(id, data, { asksFirst: true })).toEqual({ ok: true, action });
  });

  it('reads the new values strictly', () => {
    expect(parseActionValue('{"rp":"9"}')).toEqual({ ok: true, value: { kind: 'reply', replyId: '9' } });
    expect(parseActionValue('{"i":"7","rp":"9"}')).toEqual({ ok: true, value: { kind: 'reply_invoice', invoiceId: '7', replyId: '9' } });
    for (const bad of ['{"rp":"x"}', '{"rp":"9","d":"1"}', '{"rp":9}', '{"i":"7","rp":"99999999999999999999"}', '{"rp":"9","extra":true}']) {
      expect(parseActionValue(bad).ok, bad).toBe(false);
    }
  });

  it.each([
    ['ampersands (five times longer escaped)', '&'.repeat(1500)],
    ['one line per character', 'a\n'.repeat(750)],
    ['emoji (surrogate pairs)', '😀'.repeat(750)],
    ['angle brackets and stars', '<*'.repeat(750)],
  ])('keeps every Block Kit limit for a 1,500-character reply of %s, losing nothing of it', (_name, text) => {
    const view = replyView({ text, cut: true, attachments: Array.from({ length: 30 }, (_, k) => ({ name: `a${k}<x>.pdf`, size: '1 MB', kept: false })) });
    const message = buildAlertMessage(view);
    expect(blockKitViolations(message, 'message')).toEqual([]);
    const quote = quoted(view);
    expect(quote.every((t) => t.length <= 3000)).toBe(true);
    const shown = unescape(quote.join('\n').split('\n').map((l) => l.slice(1)).join('')).replace(/[\u2217]/g, '*');
    expect(shown.replace(/\n/g, '')).toContain(text.replace(/\n/g, ''));
    expect(shown).toContain('(cut: "Full reply" shows it all)');
    expect(valuesOf(message).every((v) => v.length <= 2000)).toBe(true);
  });

  it('says so for an empty reply rather than quoting nothing', () => {
    expect(quoted(replyView({ text: '  ' }))).toEqual(['>_(no text)_']);
  });
});

describe('a reply nobody could place', () => {
  it('shows sender, subject and the start of the text inert, says what to do, and has no buttons', () => {
    const view = { kind: 'reply_unmatched' as const, reply: { replyId: '3', from: 'x <x@y.example>', subject: '<!channel> hi', receivedAt: '2026-03-12 09:14', excerpt: hostileReplyText } };
    const message = buildAlertMessage(view);
    expect(blockKitViolations(message, 'message')).toEqual([]);
    expect(parsedText(message)).not.toMatch(/<[^@]/);
    expect(parsedText(message)).toContain('&lt;https://evil.example|click here&gt;');
    expect(parsedText(message)).toContain('Forward it to the account manager');
    expect((message.blocks as Json[]).some((b) => b.type === 'actions')).toBe(false);
  });
});
