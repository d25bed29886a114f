import { describe, expect, it } from 'vitest';
import { buildHowToPay, cardAllowed, changeNoticeActive, maskAccount } from '../../../src/domain/payment-methods/how-to-pay.js';
import { jsonPathLine } from '../../../src/domain/payment-methods/json-path-line.js';
import { bankAccountChanged, parsePaymentMethodsFile, samePaymentMethods } from '../../../src/domain/payment-methods/payment-methods-file.js';

const eur = { account_name: 'Arbot SAS', iban: 'FR14 2004 1010 0505 0001 3M02 606', bic: 'BNPAFRPP', methods: ['wire', 'card'], card_max_minor: 100000, phone_to_confirm: '+33 1 23 45 67 89' };
const gbp = { account_name: 'Arbot Ltd', sort_code: '40-12-76', account_number: '41234567', methods: ['wire', 'direct_debit'], direct_debit_mandate_url: 'https://pay.example/mandate', phone_to_confirm: '+44 20 7946 0000' };
const usd = { account_name: 'Arbot Inc', routing_number: '021000021', account_number: '000123456789', methods: ['wire'], phone_to_confirm: '+1 212 555 0100' };
const file = (o: unknown) => JSON.stringify(o, null, 2);

describe('payment methods file', () => {
  it('reads every way to name an account, normalized', () => {
    const r = parsePaymentMethodsFile(file({ EUR: eur, GBP: gbp, USD: usd }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.currencies.map((c) => c.account)).toEqual([
      { kind: 'iban', iban: 'FR1420041010050500013M02606', bic: 'BNPAFRPP' },
      { kind: 'uk', sortCode: '40-12-76', accountNumber: '41234567' },
      { kind: 'us', routingNumber: '021000021', accountNumber: '000123456789' },
    ]);
    expect(r.currencies[0]!.cardMaxMinor).toBe(100000n);
    expect(r.currencies[1]!.directDebitMandateUrl).toBe('https://pay.example/mandate');
  });

  it.each([
    [{ EUR: { ...eur, iban: 'DE89370400440532013001' } }, 'line 4: EUR.iban: checksum fails (check the digits)'],
    [{ EUR: { ...eur, bic: 'BNPAFRP' } }, 'line 5: EUR.bic: a BIC has 8 or 11 characters, this one has 7'],
    [{ EUR: { ...eur, phone_to_confirm: undefined } }, 'EUR.phone_to_confirm: is required'],
    [{ GBP: { ...gbp, direct_debit_mandate_url: undefined } }, 'GBP.direct_debit_mandate_url: direct_debit is offered'],
    [{ USD: { ...usd, routing_number: '021000022' } }, 'line 4: USD.routing_number: checksum fails'],
    [{ USD: { ...usd, card_max_minor: 5000 } }, 'USD.card_max_minor: is set but card is not in methods'],
    [{ EUR: { ...eur, methods: ['wire', 'cheque'] } }, 'EUR.methods.1: must be one of wire, direct_debit, card'],
    [{ EUR: { ...eur, ibn: 'x' } }, 'EUR: unknown field "ibn"'],
    [{ EUR: { ...eur, sort_code: '401276' } }, 'EUR: give exactly one of'],
    [{ EURO: eur }, 'EURO: is not an ISO 4217 currency code'],
    [{}, 'names no currency'],
  ])('refuses %j naming the path and the fix', (content, problem) => {
    const r = parsePaymentMethodsFile(file(content));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toContain(problem);
  });

  it('says where a JSON syntax error is', () => {
    const r = parsePaymentMethodsFile('{"EUR": {');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatch(/^not valid JSON/);
  });

  it('finds the line of a nested key', () => {
    expect(jsonPathLine('{\n "EUR": {\n  "iban": "x"\n },\n "GBP": {\n  "iban": "y"\n }\n}', ['GBP', 'iban'])).toBe(6);
    expect(jsonPathLine('{}', ['EUR'])).toBeNull();
  });

  it('tells a change of account from a change of methods', () => {
    const r = parsePaymentMethodsFile(file({ EUR: eur, GBP: gbp }));
    const r2 = parsePaymentMethodsFile(file({ EUR: { ...eur, methods: ['wire'], card_max_minor: undefined }, GBP: { ...gbp, account_number: '41234568' } }));
    if (!r.ok || !r2.ok) throw new Error('fixtures must parse');
    expect(bankAccountChanged(r.currencies[0]!, r2.currencies[0]!)).toBe(false);
    expect(samePaymentMethods(r.currencies[0]!, r2.currencies[0]!)).toBe(false);
    expect(bankAccountChanged(r.currencies[1]!, r2.currencies[1]!)).toBe(true);
    expect(samePaymentMethods(r.currencies[0]!, r.currencies[0]!)).toBe(true);
  });
});

describe('how to pay', () => {
  const parsed = parsePaymentMethodsFile(file({ EUR: eur, GBP: gbp }));
  if (!parsed.ok) throw new Error('fixture must parse');
  const [eurM, gbpM] = parsed.currencies as [typeof parsed.currencies[0], typeof parsed.currencies[0]];
  const now = new Date('2026-12-06T10:00:00Z');

  it('offers card only under the limit', () => {
    expect(cardAllowed(eurM, 99_999n)).toBe(true);
    expect(cardAllowed(eurM, 100_000n)).toBe(false);
    expect(cardAllowed(gbpM, 1n)).toBe(false);
    expect(cardAllowed(null, 10n ** 12n)).toBe(true);
  });

  it('keeps the notice for the configured days after the change', () => {
    const at = new Date('2026-10-07T10:00:00Z');
    expect(changeNoticeActive(at, new Date('2026-12-06T09:59:59Z'), 60)).toBe(true);
    expect(changeNoticeActive(at, new Date('2026-12-06T10:00:00Z'), 60)).toBe(false);
    expect(changeNoticeActive(null, now, 60)).toBe(false);
  });

  it('lists each currency with the invoice numbers as the reference', () => {
    const out = buildHowToPay([
      { number: 'F-1', currency: 'EUR', amountDueMinor: 50_000n, payUrl: 'https://pay.example/1' },
      { number: 'F-2', currency: 'EUR', amountDueMinor: 500_000n, payUrl: null },
      { number: 'G-1', currency: 'GBP', amountDueMinor: 1n, payUrl: 'https://pay.example/g' },
      { number: 'U-1', currency: 'USD', amountDueMinor: 1n, payUrl: null },
    ], (c) => (c === 'EUR' ? { methods: eurM, accountChangedAt: new Date('2026-12-01T23:30:00Z') } : c === 'GBP' ? { methods: gbpM, accountChangedAt: null } : null), now, 60, 'Europe/Paris');
    expect(out.map((h) => [h.currency, h.reference, h.card, h.changedOn, h.directDebitUrl])).toEqual([
      ['EUR', 'F-1, F-2', true, '2026-12-02', null],
      ['GBP', 'G-1', false, null, 'https://pay.example/mandate'],
    ]);
    expect(out[0]!.iban).toBe('FR14 2004 1010 0505 0001 3M02 606');
  });

  it('masks account numbers for chat', () => {
    expect(maskAccount(eurM.account)).toBe('IBAN FR14 •••• 2606 · BIC BNPAFRPP');
    expect(maskAccount(gbpM.account)).toBe('sort code 40-12-76 · account •••• 4567');
  });
});
