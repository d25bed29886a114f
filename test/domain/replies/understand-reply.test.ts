import { describe, expect, it } from 'vitest';
import { understandReply } from '../../../src/domain/replies/understand-reply.js';

// Tuesday 10 March 2026, 10:00 in Paris.
const sentAt = new Date('2026-03-10T09:00:00Z');
const read = (text: string, zone = 'Europe/Paris', at = sentAt, currency?: string) =>
  understandReply({ text, sentAt: at, zone, currency });

describe('understandReply: promises', () => {
  it.each([
    ['We will pay on 15 March.', '2026-03-15'],
    ['Nous réglerons le 15 mars.', '2026-03-15'],
    ['Payment next Friday', '2026-03-13'],
    ['Le virement partira vendredi prochain.', '2026-03-13'],
    ['We will pay by the end of the month', '2026-03-31'],
    ['Paiement fin du mois', '2026-03-31'],
    ['Will pay in 10 days', '2026-03-20'],
    ['On paie dans 10 jours', '2026-03-20'],
    ['Payment end of next week', '2026-03-20'],
    ['We pay this week', '2026-03-13'],
    ['Invoice of 1 March, we pay on 15 March', '2026-03-15'],
    ['La facture du 1er mars sera payée le 20 mars', '2026-03-20'],
    ['We cannot pay on the 15th as planned, we will pay on the 22nd.', '2026-03-22'],
    ['Approved today, it goes in the payment run on the 19th.', '2026-03-19'],
    ['Payment: 24 March', '2026-03-24'],
    ['Nous ne pourrons régler que le 15 avril.', '2026-04-15'],
    ["We'll clear the balance by the end of the month.", '2026-03-31'],
    ['The ACH goes out tomorrow.', '2026-03-11'],
    ['Payment will be released on Thursday 19 March.', '2026-03-19'],
    ['Nous réglons ce jour la partie non contestée.', '2026-03-10'],
    ['La facture sera honorée le 20 mars.', '2026-03-20'],
    ['Règlement par LCR à échéance du 31/03.', '2026-03-31'],
    ['Even if we are late, we pay on Friday.', '2026-03-13'],
    ["We'll pay on Friday if that's ok.", '2026-03-13'],
  ])('"%s" promises %s', (text, date) => {
    expect(read(text).promise?.date).toBe(date);
  });

  it.each([
    ["We can't pay before the 15th."],
    ['Nous ne pouvons pas payer avant le 15.'],
    ['We will not pay until we receive the credit note.'],
    ['We paid on 5 March.'],
    ['Le virement a été effectué le 05/03/2026.'],
    ['It will be paid when due.'],
    ['Règlement à 30 jours fin de mois.'],
    ['Thanks, noted.'],
    ['If you send us the PO number we pay Friday.'],
    ['If you send us the PO number, we pay Friday.'],
    ['We pay on Friday, provided the credit note has arrived.'],
    ['Si vous nous transmettez le bon de commande, nous réglerons vendredi.'],
    ['Dès réception de l’avoir, nous réglerons le 20 mars.'],
    ['The cheque was posted on 2nd March.'],
    ['Please note our payment runs take place every second Friday.'],
  ])('"%s" promises nothing', (text) => {
    expect(read(text).promise).toBeNull();
  });

  it.each([
    ['tomorrow in Paris, sent 23:30 UTC on 31 March (1 April there)', 'We pay tomorrow', 'Europe/Paris', '2026-03-31T23:30:00Z', '2026-04-02'],
    ['demain in Paris, same instant', 'Virement demain', 'Europe/Paris', '2026-03-31T23:30:00Z', '2026-04-02'],
    ['tomorrow in New York, same instant (still 31 March there)', 'We pay tomorrow', 'America/New_York', '2026-03-31T23:30:00Z', '2026-04-01'],
    ['tomorrow in Tokyo, sent 16:00 UTC on 10 March (11 March there)', 'We pay tomorrow', 'Asia/Tokyo', '2026-03-10T16:00:00Z', '2026-03-12'],
    ['next Friday sent on a Friday in Auckland', 'Payment next Friday', 'Pacific/Auckland', '2026-03-12T12:00:00Z', '2026-03-20'],
    ['10 January sent on 15 December rolls to next year', 'We will pay on 10 January', 'Europe/Paris', '2026-12-15T10:00:00Z', '2027-01-10'],
  ])('%s', (_name, text, zone, at, date) => {
    expect(read(text, zone, new Date(at)).promise?.date).toBe(date);
  });

  it.each([
    ['We will pay €1,200.50 next Friday', 120050n, 'EUR'],
    ['Paiement de 1 200,50 € vendredi', 120050n, 'EUR'],
    ['We can pay EUR 1200 on 2026-03-25', 120000n, 'EUR'],
    ['Payment of 1.200,50 EUR on 19.03.2026', 120050n, 'EUR'],
    ['We pay on 20 March', null, 'GBP'],
    ['We will pay 1,000 EUR now and 200 EUR on 31/03', 20000n, 'EUR'],
  ])('"%s" promises %s minor units of %s', (text, amountMinor, currency) => {
    expect(read(text, 'Europe/London', sentAt, 'GBP').promise).toMatchObject({ amountMinor, currency });
  });

  it('ignores dates in quoted history', () => {
    const text = 'Thanks, will revert.\n\nOn Mon, 2 Mar 2026, AR <ar@x.com> wrote:\n> Please pay by 5 March, we will pay on 6 March';
    expect(read(text).promise).toBeNull();
  });
});

describe('understandReply: disputes and payments already made', () => {
  it.each([
    ['We never received this invoice', 'not_received'],
    ['Nous n’avons jamais reçu cette facture', 'not_received'],
    ['Wrong amount, we agreed 900 EUR', 'wrong_amount'],
    ['Montant erroné', 'wrong_amount'],
    ['The goods arrived damaged, we dispute this invoice', 'quality_issue'],
    ["Nous ne paierons pas tant que nous n'aurons pas reçu l'avoir", 'credit_note'],
    ['Facture en litige', 'other'],
    ['Déjà réglé le 3 mars', 'already_paid'],
  ])('"%s" signals %s', (text, signal) => {
    const { dispute } = read(text);
    expect(dispute?.signal).toBe(signal);
    expect(dispute?.evidence.length).toBeGreaterThan(0);
  });

  it.each([
    ['This invoice was already paid on 2 March, ref TRX-99812.', '2026-03-02', 'TRX-99812'],
    ['Cette facture a déjà été réglée le 3 mars, référence VIR-20260303.', '2026-03-03', 'VIR-20260303'],
    ['Bonjour, virement effectué ce jour.', '2026-03-10', null],
    ['We paid this last week.', null, null],
    ['We already paid, please process our refund of the overpayment.', null, null],
    ['Déjà réglé, voir la référence de la facture.', null, null],
    ['Already paid, our ref 000123.', null, '000123'],
    ['We paid on Friday.', null, null],
  ])('"%s" says it was paid on %s (reference %s)', (text, date, reference) => {
    expect(read(text).alreadyPaid).toEqual({ date, reference });
  });

  it('finds nothing in a neutral reply', () => {
    expect(read('Thanks, I will forward this to our accounts team.')).toEqual({ promise: null, dispute: null, alreadyPaid: null });
  });
});

describe('understandReply: hostile input', () => {
  it.each([
    ['digit groups', `we pay ${'111 '.repeat(50_000)}`],
    ['repeated dates', `we pay ${'15 march '.repeat(20_000)}`],
    ['repeated currency codes', `we pay ${'eur '.repeat(50_000)}`],
    ['tiny clauses', `we pay ${'a, '.repeat(60_000)}`],
    ['one long line of quote markers', `we pay tomorrow\n${'> '.repeat(100_000)}`],
    ['billing words without a sentence end', `we pay ${'charged rate not '.repeat(12_000)}`],
    ['french negations without a que', `we pay ${"ne x n'y ".repeat(20_000)}`],
    ['conditions without a sentence end', `we pay friday ${'if si '.repeat(30_000)}`],
  ])('returns quickly on %s', (_name, text) => {
    const started = performance.now();
    read(text);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
