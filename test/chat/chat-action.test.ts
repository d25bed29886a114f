import { describe, expect, it } from 'vitest';
import { decodeAction, isActionId } from '../../src/chat/chat-action.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';

describe('decodeAction: every surface’s controls to one action', () => {
  it.each([
    ['a claim', actionIds.claimDispute, { d: '45' }, { type: 'claim_dispute', disputeId: 45n }],
    ['Slack’s status menu (st)', actionIds.setDisputeStatus, { d: '45', st: 'resolved' }, { type: 'set_dispute_status', disputeId: 45n, status: 'resolved' }],
    ['Teams’ status input', actionIds.setDisputeStatus, { d: '45', status: 'resolved' }, { type: 'set_dispute_status', disputeId: 45n, status: 'resolved' }],
    ['an approval', actionIds.approveEscalation, { e: '7' }, { type: 'decide_approval', emailId: 7n, decision: 'approved', note: null }],
    ['a refusal with its reason (Teams)', actionIds.refuseEscalation, { e: '7', refuse_reason: 'too soon' }, { type: 'decide_approval', emailId: 7n, decision: 'refused', note: 'too soon' }],
    ['a note on a dispute', actionIds.addNote, { d: '3', note_text: 'called' }, { type: 'add_note', target: { kind: 'dispute', id: 3n }, text: 'called' }],
    ['a note on an invoice', actionIds.addNote, { i: '4', note_text: 'called' }, { type: 'add_note', target: { kind: 'invoice', id: 4n }, text: 'called' }],
    ['the /ar chooser', 'arbot.ar_customer', { c: 'ACME-1' }, { type: 'show_customer', query: 'ACME-1' }],
    ['the /dso share button', 'arbot.dso_share', { asof: '2026-03-31', seg: 'top' }, { type: 'show_dso', asOf: '2026-03-31', segment: 'top', share: true }],
    ['a /dso "Details" button', 'arbot.dso_details', { asof: '2026-03-31', seg: 'top', cur: 'EUR' }, { type: 'show_dso_details', asOf: '2026-03-31', segment: 'top', currency: 'EUR' }],
    ['a /dso "Details" button of every segment', 'arbot.dso_details', { asof: '2026-03-31', cur: 'JPY' }, { type: 'show_dso_details', asOf: '2026-03-31', segment: null, currency: 'JPY' }],
    ['a promise form submitted (Slack)', formIds.promise, { i: '9', promise_date: '2026-04-01' }, { type: 'log_promise', invoiceId: 9n, date: '2026-04-01', amount: '', note: '', replyId: null }],
    ['a promise form from a reply (Slack)', formIds.promise, { i: '9', rp: '12', promise_date: '2026-04-01' }, { type: 'log_promise', invoiceId: 9n, date: '2026-04-01', amount: '', note: '', replyId: 12n }],
    ['a dispute form from a reply (Teams)', actionIds.openDispute, { i: '9', rp: '12', dispute_reason: 'not_received' }, { type: 'open_dispute', invoiceId: 9n, reason: 'not_received', comment: '', replyId: 12n }],
    ['an answer to a reply', formIds.answerReply, { rp: '12', reply_body: 'Thanks, noted.' }, { type: 'answer_reply', replyId: 12n, body: 'Thanks, noted.' }],
    ['Resume reminders', actionIds.resumeReminders, { rp: '12' }, { type: 'resume_reminders', replyId: 12n }],
    ['Done on a reply', actionIds.replyDone, { rp: '12' }, { type: 'close_reply', replyId: 12n }],
    ['Full reply', actionIds.fullReply, { rp: '12' }, { type: 'show_reply', replyId: 12n }],
    ['a change refusal form submitted', formIds.refuseChange, { r: '2', refuse_reason: 'no' }, { type: 'decide_change', requestId: 2n, decision: 'refused', note: 'no' }],
    ['a fee claim refused with its reason (Teams)', actionIds.refuseFees, { cu: '5', fee_refuse_reason: 'goodwill' }, { type: 'decide_fees', customerId: 5n, decision: 'refused', reason: 'goodwill' }],
    ['a fee claim refusal form submitted (Slack)', formIds.refuseFees, { cu: '5', fee_refuse_reason: 'goodwill' }, { type: 'decide_fees', customerId: 5n, decision: 'refused', reason: 'goodwill' }],
    ['a fee claim approved', actionIds.approveFees, { cu: '5' }, { type: 'decide_fees', customerId: 5n, decision: 'approved', reason: '' }],
    ['a credit limit from /ar', formIds.customerCreditLimit, { cu: '5', credit_limit_amount: '5000', credit_limit_currency: 'USD' }, { type: 'set_customer_credit_limit', customerId: 5n, amount: '5000', currency: 'USD' }],
    ['"Customer was told" on charges in doubt', actionIds.feesTold, { cu: '5' }, { type: 'resolve_fee_doubt', customerId: 5n, resolution: 'told' }],
    ['"Not told (state again)" on charges in doubt', actionIds.feesNotTold, { cu: '5' }, { type: 'resolve_fee_doubt', customerId: 5n, resolution: 'not_told' }],
    ['a bank change refused with its reason', formIds.refuseBankChange, { bc: '3', bank_change_refuse_reason: 'wrong holder' }, { type: 'decide_bank_change', changeId: 3n, decision: 'refused', reason: 'wrong holder' }],
    ['a credit hold from /ar (Slack form)', formIds.customerCreditHold, { cu: '5', credit_hold_reason: 'cheque bounced' }, { type: 'set_customer_credit_hold', customerId: 5n, reason: 'cheque bounced' }],
    ['a credit hold from /ar (Teams)', actionIds.setCustomerCreditHold, { cu: '5', credit_hold_reason: 'cheque bounced' }, { type: 'set_customer_credit_hold', customerId: 5n, reason: 'cheque bounced' }],
    ['a credit hold released from /ar', actionIds.releaseCustomerCreditHold, { cu: '5' }, { type: 'release_customer_credit_hold', customerId: 5n }],
  ])('reads %s', (_what, id, data, action) => {
    expect(decodeAction(id, data)).toEqual({ ok: true, action });
  });

  it.each([
    ['a promise', actionIds.logPromise, { i: '9' }, { form: 'promise', subject: { kind: 'invoice', id: 9n }, reply: null }],
    ['a promise from a reply', actionIds.logPromise, { i: '9', rp: '12' }, { form: 'promise', subject: { kind: 'invoice', id: 9n }, reply: 12n }],
    ['an answer to a reply', actionIds.answerReply, { rp: '12' }, { form: 'answer_reply', subject: { kind: 'reply', id: 12n }, reply: null }],
    ['a note on a dispute', actionIds.addNote, { d: '3' }, { form: 'note', subject: { kind: 'dispute', id: 3n }, reply: null }],
    ['an approval refusal', actionIds.refuseEscalation, { e: '7' }, { form: 'refuse_approval', subject: { kind: 'approval', id: 7n }, reply: null }],
    ['a change refusal', actionIds.refuseChange, { r: '2' }, { form: 'refuse_change', subject: { kind: 'change', id: 2n }, reply: null }],
    ['a fee claim refusal', actionIds.refuseFees, { cu: '5' }, { form: 'refuse_fees', subject: { kind: 'customer', id: 5n }, reply: null }],
    ['a credit limit from /ar', actionIds.setCustomerCreditLimit, { cu: '5' }, { form: 'customer_credit_limit', subject: { kind: 'customer', id: 5n }, reply: null }],
    ['a bank change refusal', actionIds.refuseBankChange, { bc: '3' }, { form: 'refuse_bank_change', subject: { kind: 'bank_change', id: 3n }, reply: null }],
    ['a credit hold from /ar', actionIds.setCustomerCreditHold, { cu: '5' }, { form: 'customer_credit_hold', subject: { kind: 'customer', id: 5n }, reply: null }],
  ])('opens the form of %s first on a surface that asks in a dialog', (_what, id, data, form) => {
    expect(decodeAction(id, data, { asksFirst: true })).toEqual({ ok: true, action: { type: 'open_form', ...form } });
  });

  it('acts at once on a button that needs no answers, even where forms are asked first', () => {
    expect(decodeAction(actionIds.claimDispute, { d: '1' }, { asksFirst: true })).toEqual({ ok: true, action: { type: 'claim_dispute', disputeId: 1n } });
  });

  it.each([
    ['an unknown control', 'arbot.drop_tables', { d: '1' }],
    ['an id past int8', actionIds.claimDispute, { d: '9223372036854775808' }],
    ['an id that is not a number', actionIds.claimDispute, { d: '1; DROP TABLE disputes' }],
    ['no status at all', actionIds.setDisputeStatus, { d: '1' }],
    ['a value that is not an object', actionIds.claimDispute, 'claim it'],
    ['an array', actionIds.claimDispute, [{ d: '1' }]],
    ['null', actionIds.claimDispute, null],
    ['a prototype key as control', '__proto__', { d: '1' }],
    ['a reply id past int8', actionIds.replyDone, { rp: '9223372036854775808' }],
    ['a reply button carrying an invoice', actionIds.resumeReminders, { i: '4' }],
    ['a "Details" button without its currency', 'arbot.dso_details', { asof: '2026-03-31' }],
    ['a "Details" button naming no currency', 'arbot.dso_details', { asof: '2026-03-31', cur: 'EURO' }],
    ['a "Details" button with a lower-case code', 'arbot.dso_details', { asof: '2026-03-31', cur: 'eur' }],
    ['a "Details" button with no real date', 'arbot.dso_details', { asof: '2026-02-30', cur: 'EUR' }],
  ])('refuses %s without throwing', (_what, id, data) => {
    expect(decodeAction(id, data)).toEqual({ ok: false, field: null });
  });

  it('names the answer that is wrong when the subject is fine (a form can say so on its field)', () => {
    expect(decodeAction(formIds.dispute, { i: '5', dispute_reason: 'because' })).toEqual({ ok: false, field: 'dispute_reason' });
    expect(decodeAction(formIds.dispute, { i: '5' })).toEqual({ ok: false, field: 'dispute_reason' });
    expect(decodeAction(actionIds.setDisputeStatus, { d: '1', status: 'paid' })).toEqual({ ok: false, field: 'status' });
  });

  it('knows its own controls and nothing else', () => {
    expect(isActionId(actionIds.claimDispute)).toBe(true);
    expect(isActionId(formIds.note)).toBe(true);
    expect(isActionId('toString')).toBe(false);
    expect(isActionId(42)).toBe(false);
  });
});
