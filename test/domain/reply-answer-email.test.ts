import { describe, expect, it } from 'vitest';
import { replyTokensIn, verifyReplyToken } from '../../src/domain/reply-address.js';
import {
  answerMessageId, answerRecipients, answerReplyTo, answerSubject, answerThreading, composeAnswerEmail, formatAuthor,
  parseAuthor, referencesMaxLength,
} from '../../src/domain/reply-answer-email.js';

const secret = 'a-link-secret-of-at-least-32-characters!';
const now = new Date('2026-03-13T08:30:00Z');

describe('who an answer goes to', () => {
  it.each([
    ['the sender first when a billing contact', ['ap@acme.example', 'ann@acme.example'], 'Ann Doe <ANN@Acme.example>', ['ann@acme.example', 'ap@acme.example']],
    ['the billing contacts alone when the sender is not one', ['ap@acme.example'], 'someone@elsewhere.example', ['ap@acme.example']],
    ['each contact once, whatever its case', ['ap@acme.example', ' AP@acme.example', 'b@acme.example'], null, ['ap@acme.example', 'b@acme.example']],
    ['nobody without billing contacts', [], 'ann@acme.example', []],
  ])('%s', (_, billing, sender, to) => {
    expect(answerRecipients(billing, sender)).toEqual(to);
  });
});

describe('the subject', () => {
  it.each([
    ['Invoice 42', null, 'Re: Invoice 42'],
    ['Re: Invoice 42', null, 'Re: Invoice 42'],
    ['RE: re: Re[2]: Invoice 42', null, 'Re: Invoice 42'],
    ['RE : Relance facture F-1', null, 'Re: Relance facture F-1'],
    ['AW: Zahlungserinnerung', null, 'Re: Zahlungserinnerung'],
    ['Regarding invoice 42', null, 'Re: Regarding invoice 42'],
    ['Invoice\r\n 42\u202e', null, 'Re: Invoice 42'],
    [null, 'Payment reminder: invoice F-1', 'Re: Payment reminder: invoice F-1'],
    ['  ', null, 'Re: Your email'],
    ['Re:', null, 'Re: Your email'],
  ])('%j (reminder %j) becomes %j', (theirs, fallback, subject) => {
    expect(answerSubject(theirs, fallback)).toBe(subject);
  });

  it('is at most 300 characters', () => {
    expect([...answerSubject('é'.repeat(1000), null)]).toHaveLength(300);
  });
});

describe('the place in the thread', () => {
  it('answers the reply and references its thread, oldest first, ending with the reply', () => {
    const headers = 'Subject: Re: x\r\nReferences: <a@us.example>\r\n <b@us.example>\r\nIn-Reply-To: <b@us.example>\r\nMessage-ID: <r@c.example>\r\n\r\nbody <z@x>';
    expect(answerThreading(headers)).toEqual({ inReplyTo: '<r@c.example>', references: ['<a@us.example>', '<b@us.example>', '<r@c.example>'] });
  });

  it('takes the reply\'s In-Reply-To as its thread when it has no References', () => {
    expect(answerThreading('In-Reply-To: <b@us.example>\r\nMessage-ID: <r@c.example>\r\n')).toEqual({
      inReplyTo: '<r@c.example>', references: ['<b@us.example>', '<r@c.example>'],
    });
  });

  it('answers nothing in particular when the reply carried no Message-ID', () => {
    expect(answerThreading('References: <a@us.example>\r\n')).toEqual({ inReplyTo: null, references: ['<a@us.example>'] });
    expect(answerThreading(null)).toEqual({ inReplyTo: null, references: [] });
  });

  it('keeps the first message and the latest of a long thread within the limit', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `<message-${String(i).padStart(2, '0')}.${'x'.repeat(30)}@mail.example>`);
    const { references } = answerThreading(`References: ${ids.join(' ')}\r\nMessage-ID: <r@c.example>\r\n`);
    expect(references.join(' ').length).toBeLessThanOrEqual(referencesMaxLength);
    expect(references[0]).toBe(ids[0]);
    expect(references.at(-1)).toBe('<r@c.example>');
    expect(references.at(-2)).toBe(ids[39]);
    expect(references.length).toBeGreaterThan(5);
    expect(references.slice(1, -1)).toEqual(ids.slice(40 - (references.length - 2)));
  });

  it('writes nothing but <…> ids into headers', () => {
    const { references, inReplyTo } = answerThreading('References: junk\r\n <a@x>\r\nBcc: <evil@x>\r\nMessage-ID: <r@c>\r\n');
    expect(inReplyTo).toBe('<r@c>');
    expect(references).toEqual(['<a@x>', '<r@c>']);
  });
});

describe('our Message-ID and the reply address', () => {
  it('gives the answer an id of its own, unlike any reminder\'s', () => {
    expect(answerMessageId(7n, '9f2c4e1a0b7d3c5e', 'reply.ar.example')).toBe('<arbot.answer.7.9f2c4e1a0b7d3c5e@reply.ar.example>');
  });

  it('sends the next reply to the reply address of the email the reply answered', () => {
    const replyTo = answerReplyTo({ inboundDomain: 'reply.ar.example', emailId: 42n, usualReplyTo: 'jane@us.example' }, secret, now)!;
    const [token] = replyTokensIn([replyTo], 'reply.ar.example');
    expect(verifyReplyToken(token!, secret, now)).toMatchObject({ ok: true, emailId: 42n });
  });

  it.each([
    ['without an inbound domain', undefined, 42n],
    ['for a reply matched by its sender alone', 'reply.ar.example', null],
  ])('sends it where reminders do %s', (_, inboundDomain, emailId) => {
    expect(answerReplyTo({ inboundDomain, emailId, usualReplyTo: 'jane@us.example' }, secret, now)).toBe('jane@us.example');
  });
});

describe('the author', () => {
  it.each([
    [{ name: 'Ana Martin', email: 'ana@us.example' }, 'Ana Martin <ana@us.example>'],
    [{ name: 'Ana\nMartin', email: null }, 'Ana Martin'],
    [{ name: 'A <b> c', email: 'a@us.example' }, 'A <b> c <a@us.example>'],
  ])('is kept as one line and read back: %j', (author, stored) => {
    expect(formatAuthor(author)).toBe(stored);
    expect(parseAuthor(stored)).toEqual({ name: author.name.replace(/\n/, ' '), email: author.email });
  });
});

describe('the whole email', () => {
  const answer = {
    answerId: 5n, to: ['ann@acme.example'], cc: [], subject: 'Re: Invoice 42', messageId: '<arbot.answer.7.ab@us.example>',
    replyTo: 'jane@us.example', replyHeaders: 'Message-ID: <r@c.example>\r\nReferences: <a@us.example>\r\n',
  };
  const from = { email: 'billing@us.example', name: 'Acme AR' };

  it('carries the decided fields, the threading headers and an answer id for provider events, never an email id', () => {
    const email = composeAnswerEmail(answer, { text: 'T', html: 'H' }, from);
    expect(email).toEqual({
      from, to: ['ann@acme.example'], cc: [], replyTo: 'jane@us.example', subject: 'Re: Invoice 42', text: 'T', html: 'H',
      customArgs: { arbot_answer_id: '5' }, categories: ['arbot', 'arbot-answer'], messageId: '<arbot.answer.7.ab@us.example>',
      inReplyTo: '<r@c.example>', references: ['<a@us.example>', '<r@c.example>'],
    });
  });

  it('leaves the threading headers out when the reply had no ids', () => {
    const email = composeAnswerEmail({ ...answer, replyHeaders: null }, { text: 'T', html: 'H' }, from);
    expect(email).not.toHaveProperty('inReplyTo');
    expect(email).not.toHaveProperty('references');
  });
});
