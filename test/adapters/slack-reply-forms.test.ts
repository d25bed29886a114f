import { describe, expect, it } from 'vitest';
import { formModal } from '../../adapters/slack/form-modal.js';
import { modalForms, submittedData } from '../../adapters/slack/views/modal-forms.js';
import { modalInputs } from '../../blocks/slack/modals.js';
import { decodeAction } from '../../src/chat/chat-action.js';
import type { ChatForm, FormPrefill } from '../../src/chat/interaction.js';
import { formIds } from '../../src/views/control-ids.js';
import { invoice } from '../blocks/slack/fixtures.js';
import { reply } from '../blocks/slack/reply-fixtures.js';

// The Slack forms of a customer's reply, from the core's ChatForm to the ChatAction their submission decodes to:
// the metadata names the reply, and the reply comes back on the promise or dispute it turns into.

type Values = Parameters<typeof submittedData>[2];

/** What Slack posts back: the modal's metadata, read by its form's schema, and the answers. */
function submit(callbackId: string, metadata: string, values: Values) {
  const form = modalForms[callbackId]!;
  const meta = form.meta.safeParse(JSON.parse(metadata));
  if (!meta.success) return { refused: 'metadata' as const };
  return decodeAction(callbackId, submittedData(form, meta.data, values));
}

const prefill: FormPrefill = { replyId: '9', promiseDate: '2026-03-20', promiseAmount: '12480.00', disputeReason: 'not_received', comment: null };
const inv = invoice();

describe('forms from a customer reply in Slack', () => {
  it('answers a reply: metadata {"rp":..}, and the submission is answer_reply with the body as typed', () => {
    const form: ChatForm = { form: 'answer_reply', subject: { kind: 'reply', id: 9n }, reply: reply(), to: ['ap@northwind.example'] };
    const view = formModal(form);
    expect([view.callback_id, view.private_metadata]).toEqual([formIds.answerReply, '{"rp":"9"}']);
    const b = modalInputs.answerReply.body;
    const body = 'Thanks *Ann*, <!channel> we got it.\nBest';
    expect(submit(view.callback_id!, view.private_metadata!, { [b.blockId]: { [b.actionId]: { type: 'plain_text_input', value: body } } }))
      .toEqual({ ok: true, action: { type: 'answer_reply', replyId: 9n, body } });
  });

  it('logs a promise from a reply: metadata {"i":..,"rp":..}, and log_promise carries the reply', () => {
    const view = formModal({ form: 'promise', subject: { kind: 'invoice', id: 1042n }, invoice: inv, prefill });
    expect(view.private_metadata).toBe('{"i":"1042","rp":"9"}');
    const p = modalInputs.promise;
    const values = {
      [p.date.blockId]: { [p.date.actionId]: { type: 'datepicker', selected_date: '2026-03-20' } },
      [p.amount.blockId]: { [p.amount.actionId]: { type: 'plain_text_input', value: '12480.00' } },
      [p.note.blockId]: { [p.note.actionId]: { type: 'plain_text_input', value: null } },
    } as unknown as Values;
    expect(submit(formIds.promise, view.private_metadata!, values)).toEqual({
      ok: true, action: { type: 'log_promise', invoiceId: 1042n, date: '2026-03-20', amount: '12480.00', note: '', replyId: 9n },
    });
  });

  it('opens a dispute from a reply with the reply, and one from the invoice card without', () => {
    const d = modalInputs.dispute;
    const values = { [d.reason.blockId]: { [d.reason.actionId]: { type: 'static_select', selected_option: { value: 'not_received' } } } } as unknown as Values;
    const fromReply = formModal({ form: 'dispute', subject: { kind: 'invoice', id: 1042n }, invoice: inv, prefill });
    const fromCard = formModal({ form: 'dispute', subject: { kind: 'invoice', id: 1042n }, invoice: inv, prefill: null });
    expect(fromCard.private_metadata).toBe('{"i":"1042"}');
    expect(submit(formIds.dispute, fromReply.private_metadata!, values))
      .toMatchObject({ ok: true, action: { type: 'open_dispute', invoiceId: 1042n, reason: 'not_received', replyId: 9n } });
    expect(submit(formIds.dispute, fromCard.private_metadata!, values)).toMatchObject({ ok: true, action: { type: 'open_dispute', replyId: null } });
  });

  it.each([
    [formIds.answerReply, '{"rp":"9","i":"1"}'],
    [formIds.answerReply, '{"i":"9"}'],
    [formIds.promise, '{"i":"1042","rp":"x"}'],
    [formIds.hold, '{"i":"1042","rp":"9"}'],
  ])('refuses %s metadata %s it never wrote', (callbackId, metadata) => {
    expect(submit(callbackId, metadata, {})).toEqual({ refused: 'metadata' });
  });
});
