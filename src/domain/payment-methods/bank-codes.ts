import type { AccountCheck } from './iban.js';

const compact = (text: string) => text.replace(/[\s-]/g, '').toUpperCase();

/**
 * Checks a BIC (ISO 9362): 4 letters of institution, 2 of country, 2 letters or digits of location, and an optional
 * branch of 3, so 8 or 11 characters.
 * @example checkBic('DEUTDEFF') // { ok: true, value: 'DEUTDEFF' }
 * @example checkBic('NWBKGB2L') // { ok: true, value: 'NWBKGB2L' }
 * @example checkBic('DEUTDEFF50').ok // false (10 characters)
 */
export function checkBic(text: string): AccountCheck {
  const bic = compact(text);
  if (bic.length !== 8 && bic.length !== 11) return { ok: false, reason: `a BIC has 8 or 11 characters, this one has ${bic.length}` };
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    return { ok: false, reason: 'a BIC is 4 letters of bank, 2 letters of country, 2 letters or digits of location, then optionally 3 of branch (e.g. DEUTDEFF or DEUTDEFF500)' };
  }
  return { ok: true, value: bic };
}

/**
 * A UK sort code: six digits, written 12-34-56.
 * @example checkSortCode('12 34 56') // { ok: true, value: '12-34-56' }
 */
export function checkSortCode(text: string): AccountCheck {
  const digits = compact(text);
  if (!/^[0-9]{6}$/.test(digits)) return { ok: false, reason: 'a sort code is six digits (e.g. 12-34-56)' };
  return { ok: true, value: `${digits.slice(0, 2)}-${digits.slice(2, 4)}-${digits.slice(4)}` };
}

/**
 * A UK account number: eight digits.
 * @example checkUkAccountNumber('31926819') // { ok: true, value: '31926819' }
 */
export function checkUkAccountNumber(text: string): AccountCheck {
  const digits = compact(text);
  if (!/^[0-9]{8}$/.test(digits)) return { ok: false, reason: `a UK account number is eight digits, this one has ${digits.length} characters` };
  return { ok: true, value: digits };
}

/**
 * A US ABA routing number: nine digits whose weighted sum 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) is a multiple of 10.
 * @example checkRoutingNumber('021000021') // { ok: true, value: '021000021' }
 * @example checkRoutingNumber('021000022').ok // false (checksum fails)
 */
export function checkRoutingNumber(text: string): AccountCheck {
  const digits = compact(text);
  if (!/^[0-9]{9}$/.test(digits)) return { ok: false, reason: 'a routing number is nine digits (e.g. 021000021)' };
  const d = [...digits].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  if (sum % 10 !== 0) return { ok: false, reason: 'checksum fails (check the digits)' };
  return { ok: true, value: digits };
}

/**
 * A US bank account number: 4 to 17 digits.
 * @example checkUsAccountNumber('000123456789') // { ok: true, value: '000123456789' }
 */
export function checkUsAccountNumber(text: string): AccountCheck {
  const digits = compact(text);
  if (!/^[0-9]{4,17}$/.test(digits)) return { ok: false, reason: 'a US account number is 4 to 17 digits' };
  return { ok: true, value: digits };
}
