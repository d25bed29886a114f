import { describe, expect, it } from 'vitest';
import { buildAlertCard } from '../../../blocks/teams/alert-cards.js';
import { parseActionData } from '../../../blocks/teams/action-data.js';
import { teamsCardLimits, type AdaptiveCard, type CardAction } from '../../../blocks/teams/adaptive-card.js';
import { buildFullReplyCard } from '../../../blocks/teams/reply-cards.js';
import { inputIds } from '../../../src/chat/inputs.js';
import { type AlertView } from '../../../src/views/alert-view.js';
import { actionIds } from '../../../src/views/control-ids.js';
import type { ReplyFacts } from '../../../src/views/reply-view.js';
import { ana, invoice } from '../slack/fixtures.js';
import { cardViolations, nodes, visibleText } from './card-schema.js';
import { hostileReplyText, reply, unmatchedReply } from './reply-fixtures.js';

const anaId = '6b3c1f8e-0d2a-4c55-9a7e-1f2e3d4c5b6a';
const view = (r: ReplyFacts): AlertView => ({ kind: 'customer_reply', reply: r, owner: ana, thread: null });
const cardOf = (r: ReplyFacts) => buildAlertCard(view(r), { teamsIds: new Map([[ana.email, anaId]]) }).card;

interface Control { title: string; verb: string; data: Record<string, string>; inputs: Record<string, unknown>[] }

/** The card's controls as a person meets them: each button, the Action.Execute it submits, and its form's inputs. */
function controls(card: AdaptiveCard): Control[] {
  const set = card.body.at(-1)!;
  if (set.type !== 'ActionSet') return [];
  return set.actions.map((a: CardAction) => (a.type === 'Action.Execute'
    ? { title: a.title, verb: a.verb, data: { ...a.data }, inputs: [] }
    : { title: a.title, verb: (a.card.actions![0] as { verb: string }).verb, data: { ...(a.card.actions![0] as { data: Record<string, string> }).data },
      inputs: a.card.body.filter((e) => e.type.startsWith('Input.')) as unknown as Record<string, unknown>[] }));
}
const control = (card: AdaptiveCard, verb: string) => controls(card).find((c) => c.verb === verb)!;
const input = (c: Control, id: string) => c.inputs.find((i) => i.id === id)!;

describe('a customer reply card', () => {
  it.each<[string, ReplyFacts]>([
    ['waiting, with a promise read in it', reply()],
    ['with every proposal, answers and attachments too large', reply({
      proposal: { promise: { date: '2026-03-31', amount: null, amountInput: null }, dispute: { reason: 'wrong_amount', evidence: 'the amount is wrong' }, alreadyPaid: { date: '2026-03-10', reference: 'TX-1' } },
      answers: [{ by: 'Ana Costa', at: '2026-03-12 10:00', status: 'sent' }, { by: 'Ana Costa', at: '2026-03-12 11:00', status: 'failed' }],
      attachments: [{ name: 'scan.tiff', size: '40 MB', kept: false }],
    })],
    ['handled, not pausing, on its own', reply({ invoice: null, invoiceNumbers: [], pausedUntil: null, handled: { how: 'done', by: 'Ana Costa', at: '2026-03-12 12:00' } })],
    ['cut, in an empty subject', reply({ text: 'x'.repeat(1500), cut: true, subject: '' })],
    ['empty', reply({ text: '' })],
  ])('%s: a valid Adaptive Card 1.5 within Teams\' limits', (_name, r) => {
    const card = cardOf(r);
    expect(cardViolations(card)).toEqual([]);
    expect(visibleText(card)).toContain('Reply from Northwind Traders');
  });

  it('shows the customer\'s words inert: no markdown, link, mention, heading, list, template or HTML comes alive', () => {
    const r = reply({ text: hostileReplyText, customerName: '*Acme* <at>Ana Costa</at>', from: '[x](http://evil.example) <a@b.example>', subject: '# {{DATE(x)}}' });
    const card = cardOf(r);
    expect(cardViolations(card)).toEqual([]);
    const text = visibleText(card);
    expect(text).not.toMatch(/\[|\]|\{\{|(^|\n)#|<script|\*\*urgent|`code`|(^|\n)- not|(^|\n)1\. not|&lt;/);
    // The only mention is arbot's own, of the owner, with its entity.
    expect(text.match(/<at>.*?<\/at>/g)).toEqual(['<at>Ana Costa</at>']);
    expect(card.msteams?.entities?.map((e) => e.mentioned.id)).toEqual([anaId]);
    // Shown, not dropped: the words are there as look-alikes.
    expect(text).toContain('‹at›Ana Costa‹/at› ∗∗urgent∗∗ ˍnowˍ ［pay here］(http://evil.example) ‹script›');
    expect(text).toContain('＃ Heading');
  });

  it('keeps each line of the email on a line of its own', () => {
    expect(visibleText(cardOf(reply({ text: 'Hello,\nwe paid.\n\n\nAnn' })))).toContain('Hello,\n\nwe paid.\n\nAnn');
  });

  it('offers every control of a waiting, paused, cut reply, with the data its action needs', () => {
    const card = cardOf(reply({ cut: true }));
    expect(controls(card).map((c) => [c.title, c.verb, c.data])).toEqual([
      ['Reply', actionIds.answerReply, { rp: '901' }],
      ['Log promise', actionIds.logPromise, { i: '1042', rp: '901' }],
      ['Open dispute', actionIds.openDispute, { i: '1042', rp: '901' }],
      ['Resume reminders', actionIds.resumeReminders, { rp: '901' }],
      ['Done', actionIds.replyDone, { rp: '901' }],
      ['Full reply', actionIds.fullReply, { rp: '901' }],
    ]);
    expect(controls(card)).toHaveLength(teamsCardLimits.actionsPerSet);
  });

  it.each<[string, ReplyFacts, string[]]>([
    ['handled and no longer pausing', reply({ handled: { how: 'answered', by: 'Ana', at: '2026-03-12' }, pausedUntil: null }), [actionIds.answerReply, actionIds.logPromise, actionIds.openDispute]],
    ['on its own (no invoice)', reply({ invoice: null }), [actionIds.answerReply, actionIds.resumeReminders, actionIds.replyDone]],
    ['on an invoice with an open dispute', reply({ invoice: invoice({ openDispute: { id: '7', status: 'to_clarify', ownerName: null } }) }), [actionIds.answerReply, actionIds.logPromise, actionIds.resumeReminders, actionIds.replyDone]],
  ])('%s: offers only what can be done', (_name, r, verbs) => {
    expect(controls(cardOf(r)).map((c) => c.verb)).toEqual(verbs);
  });

  it('"Reply" unfolds a multiline answer of up to 10,000 characters, required', () => {
    const answer = control(cardOf(reply()), actionIds.answerReply);
    expect(answer.inputs).toEqual([expect.objectContaining({
      type: 'Input.Text', id: inputIds.replyBody, isMultiline: true, maxLength: 10000, isRequired: true,
    })]);
    expect(input(answer, inputIds.replyBody).value).toBeUndefined();
  });

  it('"Log promise" starts with the date and amount read in the reply', () => {
    const promise = control(cardOf(reply()), actionIds.logPromise);
    expect(input(promise, inputIds.promiseDate)).toMatchObject({ type: 'Input.Date', value: '2026-03-31' });
    expect(input(promise, inputIds.promiseAmount)).toMatchObject({ type: 'Input.Text', value: '5000.00' });
    expect(input(promise, inputIds.promiseNote).value).toBeUndefined();
  });

  it('"Log promise" starts empty when the reply named no amount, and never with a date that is not one', () => {
    const promise = control(cardOf(reply({ proposal: { promise: { date: '2026-02-30', amount: null, amountInput: null }, dispute: null, alreadyPaid: null } })), actionIds.logPromise);
    expect(input(promise, inputIds.promiseDate).value).toBeUndefined();
    expect(input(promise, inputIds.promiseAmount).value).toBeUndefined();
  });

  it('"Open dispute" starts with the reason read and the customer\'s words as written (an input is not markdown)', () => {
    const evidence = 'the *amount* is <wrong> [x]';
    const card = cardOf(reply({ proposal: { promise: null, dispute: { reason: 'wrong_amount', evidence }, alreadyPaid: null } }));
    const dispute = control(card, actionIds.openDispute);
    expect(input(dispute, inputIds.disputeReason)).toMatchObject({ type: 'Input.ChoiceSet', value: 'wrong_amount' });
    expect(input(dispute, inputIds.disputeComment)).toMatchObject({ type: 'Input.Text', value: evidence });
    // The promise form has nothing read to start with.
    const promise = control(card, actionIds.logPromise);
    expect(promise.inputs.map((i) => i.value)).toEqual([undefined, undefined, undefined]);
  });

  it('turns what each control submits into the action it means (Teams merges the inputs into the data)', () => {
    const card = cardOf(reply({ cut: true }));
    const submit = (verb: string, answers: Record<string, string>) => parseActionData(verb, { ...control(card, verb).data, ...answers });
    expect(submit(actionIds.answerReply, { [inputIds.replyBody]: 'Thanks, noted.' })).toEqual({ ok: true, action: { type: 'answer_reply', replyId: 901n, body: 'Thanks, noted.' } });
    expect(submit(actionIds.logPromise, { [inputIds.promiseDate]: '2026-03-31', [inputIds.promiseAmount]: '5000.00', [inputIds.promiseNote]: '' }))
      .toEqual({ ok: true, action: { type: 'log_promise', invoiceId: 1042n, date: '2026-03-31', amount: '5000.00', note: '', replyId: 901n } });
    expect(submit(actionIds.openDispute, { [inputIds.disputeReason]: 'wrong_amount', [inputIds.disputeComment]: 'amount' }))
      .toEqual({ ok: true, action: { type: 'open_dispute', invoiceId: 1042n, reason: 'wrong_amount', comment: 'amount', replyId: 901n } });
    expect(submit(actionIds.resumeReminders, {})).toEqual({ ok: true, action: { type: 'resume_reminders', replyId: 901n } });
    expect(submit(actionIds.replyDone, {})).toEqual({ ok: true, action: { type: 'close_reply', replyId: 901n } });
    expect(submit(actionIds.fullReply, {})).toEqual({ ok: true, action: { type: 'show_reply', replyId: 901n } });
  });
});

describe('parseActionData for the reply verbs', () => {
  it.each<[string, unknown, boolean]>([
    [actionIds.answerReply, { rp: '12', [inputIds.replyBody]: 'ok' }, true],
    [actionIds.answerReply, JSON.stringify({ rp: '12', [inputIds.replyBody]: 'ok' }), true],
    // Past the decoding bound; 10,001 characters pass it and the service refuses them, saying by how much.
    [actionIds.answerReply, { rp: '12', [inputIds.replyBody]: 'x'.repeat(20001) }, false],
    [actionIds.resumeReminders, { rp: '12' }, true],
    [actionIds.replyDone, { rp: '99999999999999999999' }, false],
    [actionIds.fullReply, { rp: 'x' }, false],
    [actionIds.fullReply, {}, false],
    [actionIds.logPromise, { i: '7', rp: 'x' }, false],
    // Slack's form id is not a Teams verb: Teams forms are inline.
    ['arbot.form_reply_answer', { rp: '12' }, false],
  ])('%s %j → %s', (verb, data, ok) => {
    expect(parseActionData(verb, data).ok).toBe(ok);
  });
});

describe('the full reply', () => {
  it('shows the whole text, in as many blocks as it needs, with the controls but no "Full reply"', () => {
    const para = (k: number) => `Paragraph ${k} ${'words '.repeat(80)}`;
    const full = Array.from({ length: 12 }, (_, k) => para(k)).join('\n');
    const { card } = buildFullReplyCard(reply({ text: full.slice(0, 1500), cut: true }), full);
    expect(cardViolations(card)).toEqual([]);
    const text = visibleText(card);
    for (let k = 0; k < 12; k++) expect(text).toContain(`Paragraph ${k} `);
    expect(text).not.toContain('cut: "Full reply"');
    expect(controls(card).map((c) => c.verb)).not.toContain(actionIds.fullReply);
    expect(controls(card).map((c) => c.verb)).toContain(actionIds.answerReply);
  });

  it('keeps a huge reply within Teams\' payload limit and says how much is left out', () => {
    const full = '漢字のテキスト\n'.repeat(20_000);
    const { card } = buildFullReplyCard(reply({ cut: true }), full);
    expect(cardViolations(card)).toEqual([]);
    expect(visibleText(card)).toMatch(/…[\d,]+ more characters are too long for a Teams card: read them in the email\./);
    expect(card.body.at(-1)).toMatchObject({ type: 'ActionSet' });
  });

  it('stays within the limit when the facts around the text are huge too', () => {
    const attachments = Array.from({ length: 300 }, (_, k) => ({ name: `${'附件'.repeat(40)}-${k}.pdf`, size: '1 KB', kept: k % 2 === 0 }));
    const { card } = buildFullReplyCard(reply({ cut: true, customerName: '名'.repeat(300), attachments }), 'x '.repeat(30_000));
    expect(cardViolations(card)).toEqual([]);
    expect(card.body.at(-1)).toMatchObject({ type: 'ActionSet' });
  });

  it('escapes the full text like the card\'s', () => {
    const { card } = buildFullReplyCard(reply({ cut: true }), hostileReplyText);
    expect(visibleText(card)).not.toMatch(/\[|\]|\{\{|(^|\n)#|<script|(^|\n)- not/);
  });
});

describe('a reply arbot could not place', () => {
  it('shows who, what and what to do, escaped, with no buttons', () => {
    const { card, summary } = buildAlertCard({ kind: 'reply_unmatched', reply: unmatchedReply({ from: '<at>x</at>', excerpt: hostileReplyText }) });
    expect(cardViolations(card)).toEqual([]);
    const text = visibleText(card);
    expect(text).toContain('Customer email arbot could not place');
    expect(text).toContain('Forward it to the account manager');
    expect(text).not.toMatch(/<at>|\[|\{\{|(^|\n)#|<script/);
    expect(nodes(card).filter((n) => String(n.type).startsWith('Action.'))).toEqual([]);
    expect(summary).toContain('Unplaced customer email from <at>x</at>');
  });
});
