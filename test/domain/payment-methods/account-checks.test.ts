import { describe, expect, it } from 'vitest';
import { checkBic, checkRoutingNumber, checkSortCode, checkUkAccountNumber, checkUsAccountNumber } from '../../../src/domain/payment-methods/bank-codes.js';
import { checkIban, formatIban } from '../../../src/domain/payment-methods/iban.js';

describe('IBAN (ISO 13616 mod 97)', () => {
  it.each([
    ['DE89370400440532013000', 'DE89370400440532013000'],
    ['GB82WEST12345698765432', 'GB82WEST12345698765432'],
    ['FR1420041010050500013M02606', 'FR1420041010050500013M02606'],
    ['gb82 west 1234 5698 7654 32', 'GB82WEST12345698765432'],
    ['NL91ABNA0417164300', 'NL91ABNA0417164300'],
    ['BE68539007547034', 'BE68539007547034'],
    ['CH9300762011623852957', 'CH9300762011623852957'],
    ['NO9386011117947', 'NO9386011117947'],
    ['MT84MALT011000012345MTLCAST001S', 'MT84MALT011000012345MTLCAST001S'],
  ])('accepts %s', (text, value) => {
    expect(checkIban(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['DE89370400440532013001', 'checksum fails (check the digits)'],
    ['GB82WEST12345698765433', 'checksum fails (check the digits)'],
    ['FR1420041010050500013M02607', 'checksum fails (check the digits)'],
    ['DE8937040044053201300', 'a DE IBAN has 22 characters, this one has 21'],
    ['XX89370400440532013000', 'country XX is not one arbot knows'],
    ['DE89-3704!0044', 'an IBAN is two letters of country'],
  ])('refuses %s', (text, reason) => {
    const r = checkIban(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('prints in groups of four', () => {
    expect(formatIban('FR1420041010050500013M02606')).toBe('FR14 2004 1010 0505 0001 3M02 606');
  });
});

describe('BIC (ISO 9362)', () => {
  it.each(['DEUTDEFF', 'DEUTDEFF500', 'NWBKGB2L', 'BNPAFRPPXXX', 'cobadeffxxx'])('accepts %s', (bic) => {
    expect(checkBic(bic)).toEqual({ ok: true, value: bic.toUpperCase() });
  });
  it.each([
    ['DEUTDEFF50', '8 or 11 characters'],
    ['DEUT', '8 or 11 characters'],
    ['1EUTDEFF', '4 letters of bank'],
    ['DEUT1EFF', '2 letters of country'],
  ])('refuses %s', (bic, reason) => {
    const r = checkBic(bic);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('UK and US accounts', () => {
  it('normalizes a sort code and checks an account number', () => {
    expect(checkSortCode('401276')).toEqual({ ok: true, value: '40-12-76' });
    expect(checkSortCode('40-12-7').ok).toBe(false);
    expect(checkUkAccountNumber('41234567')).toEqual({ ok: true, value: '41234567' });
    expect(checkUkAccountNumber('4123456').ok).toBe(false);
  });
  it.each(['021000021', '011000015', '026009593', '122105155'])('accepts the routing number %s', (n) => {
    expect(checkRoutingNumber(n)).toEqual({ ok: true, value: n });
  });
  it.each([['021000022', 'checksum fails'], ['02100002', 'nine digits']])('refuses the routing number %s', (n, reason) => {
    const r = checkRoutingNumber(n);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
  it('checks a US account number', () => {
    expect(checkUsAccountNumber('000123456789').ok).toBe(true);
    expect(checkUsAccountNumber('123').ok).toBe(false);
  });
});
