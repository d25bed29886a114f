// IBAN (ISO 13616): two letters of country, two check digits, then the country's BBAN of a fixed length. The check
// digits make the whole number, rearranged and read as digits (A=10 … Z=35), equal 1 modulo 97.

/** IBAN lengths per country: every SEPA country, the UK, and a few others customers often pay from. */
export const ibanLengths: Readonly<Record<string, number>> = {
  AD: 24, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22,
  GI: 23, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MT: 31, NL: 18,
  NO: 15, PL: 28, PT: 25, RO: 24, SE: 24, SI: 19, SK: 24, SM: 27, VA: 22,
  AE: 23, IL: 23, SA: 24, TR: 26,
};

export type AccountCheck = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

/** Spaces (and the hyphens some invoices print) are for reading only. */
const compact = (text: string) => text.replace(/[\s-]/g, '').toUpperCase();

/**
 * Checks an IBAN: characters, its country's length, and the mod-97 checksum. Returns it compact and upper-case.
 * @example checkIban('DE89 3704 0044 0532 0130 00') // { ok: true, value: 'DE89370400440532013000' }
 * @example checkIban('DE89370400440532013001').ok // false (checksum fails)
 */
export function checkIban(text: string): AccountCheck {
  const iban = compact(text);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return { ok: false, reason: 'an IBAN is two letters of country, two check digits, then letters and digits (e.g. DE89 3704 0044 0532 0130 00)' };
  const country = iban.slice(0, 2);
  const length = ibanLengths[country];
  if (length === undefined) return { ok: false, reason: `country ${country} is not one arbot knows IBANs for (known: ${Object.keys(ibanLengths).sort().join(', ')})` };
  if (iban.length !== length) return { ok: false, reason: `a ${country} IBAN has ${length} characters, this one has ${iban.length} (check for a missing or extra digit)` };
  if (ibanMod97(iban) !== 1) return { ok: false, reason: 'checksum fails (check the digits)' };
  return { ok: true, value: iban };
}

/** The remainder of the rearranged IBAN modulo 97, computed piecewise so no number exceeds 2^53. */
function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const digits = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest;
}

/**
 * An IBAN in groups of four, as people read and type it.
 * @example formatIban('GB82WEST12345698765432') // 'GB82 WEST 1234 5698 7654 32'
 */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
