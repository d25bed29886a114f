import { describe, expect, it } from 'vitest';
import { buildDisputeModal, buildPromiseModal, modalInputs } from '../../../blocks/slack/modals.js';
import { buildAnswerReplyModal, buildFullReplyModal } from '../../../blocks/slack/reply-modals.js';
import type { FormPrefill } from '../../../src/chat/interaction.js';
import { formIds } from '../../../src/views/control-ids.js';
import { invoice } from './fixtures.js';
import { blockKitViolations, parsedText } from './limits.js';
import { hostileReplyText, reply } from './reply-fixtures.js';

// The modals of a customer's reply: the answer form, the reply whole, and the promise and dispute forms pre-filled
// from what was read in it. Customer text is escaped everywhere; every Slack limit holds.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read views field by field

const inputs = (view: { blocks: unknown[] }) => (view.blocks as Json[]).filter((b) => b.type === 'input');
const prefill = (over: Partial<FormPrefill> = {}): FormPrefill =>
  ({ replyId: '9', promiseDate: '2026-03-20', promiseAmount: '12480.00', disputeReason: 'not_received', comment: 'Says *never* got it <!channel>', ...over });

describe('the answer modal', () => {
  const view = buildAnswerReplyModal(reply(), ['ap@northwind.example', 'cfo@northwind.example'], '{"rp":"9"}');

  it('is the answer form: one multiline text as long as Slack allows (3,000; the core takes 10,000), metadata naming the reply', () => {
    expect(view.callback_id).toBe(formIds.answerReply);
    expect(view.private_metadata).toBe('{"rp":"9"}');
    expect(inputs(view).map((b) => [b.block_id, b.element.action_id, b.element.type, b.element.multiline, b.element.max_length, b.optional]))
      .toEqual([[modalInputs.answerReply.body.blockId, modalInputs.answerReply.body.actionId, 'plain_text_input', true, 3000, false]]);
    expect(blockKitViolations(view, 'modal')).toEqual([]);
  });

  it('says who it goes to and shows the start of the customer’s reply, inert', () => {
    const text = parsedText(view);
    expect(text).toContain('*To:* ap@northwind.example, cfo@northwind.example');
    expect(text).toContain('&lt;https://evil.example|click here&gt;');
    expect(text).not.toMatch(/<[^>]*>/);
  });

  it('shows only the start of a long reply and stays within limits', () => {
    const long = buildAnswerReplyModal(reply({ text: '&'.repeat(1500) }), [], '{"rp":"9"}');
    expect(blockKitViolations(long, 'modal')).toEqual([]);
    expect(parsedText(long)).toContain('_no billing contact_');
    expect(parsedText(long).length).toBeLessThan(2000);
  });
});

describe('the full reply', () => {
  it('shows all of a long reply escaped, in sections of at most 3,000 characters, with nothing to submit', () => {
    const full = `${hostileReplyText}\n${'<b>'.repeat(4000)}`;
    const view = buildFullReplyModal(reply(), full);
    expect(blockKitViolations(view, 'modal')).toEqual([]);
    expect(view.submit).toBeUndefined();
    const texts = (view.blocks as Json[]).slice(1).map((b) => b.text.text as string);
    expect(texts.length).toBeGreaterThan(4);
    expect(texts.join('\n').replace(/\n/g, '')).toContain('&lt;b&gt;'.repeat(4000));
    expect(parsedText(view)).not.toMatch(/<[^>]*>/);
  });

  it('cuts a reply past what a modal holds, and says so', () => {
    const view = buildFullReplyModal(reply(), 'x'.repeat(400_000));
    expect(blockKitViolations(view, 'modal')).toEqual([]);
    expect(view.blocks).toHaveLength(100);
    expect(JSON.stringify(view.blocks.at(-1))).toContain('too long to show here');
  });
});

describe('promise and dispute forms opened from a reply', () => {
  it('start the promise form as what was read: date, amount and note', () => {
    const view = buildPromiseModal(invoice(), '{"i":"1042","rp":"9"}', prefill());
    const [date, amount, note] = inputs(view).map((b) => b.element);
    expect(date.initial_date).toBe('2026-03-20');
    expect(amount.initial_value).toBe('12480.00');
    expect(note.initial_value).toBe('Says *never* got it <!channel>'); // plain_text input: shown as typed, never parsed
    expect(blockKitViolations(view, 'modal')).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('Filled in from what the customer');
  });

  it('start the dispute form with the reason picked and the comment, within the input’s length', () => {
    const view = buildDisputeModal(invoice(), '{"i":"1042","rp":"9"}', prefill({ comment: 'y'.repeat(20_000) }));
    const [reason, comment] = inputs(view).map((b) => b.element);
    expect(reason.initial_option.value).toBe('not_received');
    expect(comment.initial_value.length).toBeLessThanOrEqual(comment.max_length);
    expect(blockKitViolations(view, 'modal')).toEqual([]);
  });

  it('leave out what was not read, and a date Slack would refuse', () => {
    const view = buildPromiseModal(invoice(), '{"i":"1042","rp":"9"}', prefill({ promiseDate: '2026-02-30', promiseAmount: null, comment: null }));
    const [date, amount, note] = inputs(view).map((b) => b.element);
    expect([date.initial_date, amount.initial_value, note.initial_value]).toEqual([undefined, undefined, undefined]);
    const plain = buildDisputeModal(invoice(), '{"i":"1042"}');
    expect(inputs(plain)[0]!.element.initial_option).toBeUndefined();
    expect(JSON.stringify(plain.blocks)).not.toContain('Filled in');
  });
});
