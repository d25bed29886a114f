import type { FixedCompensation } from './late-fee-rule.js';

export type CompensationDue =
  | { ok: true; minor: bigint; currency: string }
  | { ok: false; reason: string };

/**
 * The fixed compensation for one late invoice. A banded table is read with the invoice's amount (after credit notes:
 * the debt as corrected), so the invoice must be in the table's currency; a single amount applies whatever the
 * invoice's currency (EUR 40 on a USD invoice to a French customer).
 * @example fixedCompensationFor(ukRule.fixedCompensation, 100_000n, 'GBP') // { ok: true, minor: 7000n, currency: 'GBP' }: GBP 1,000.00 is not under 1,000
 */
export function fixedCompensationFor(fc: FixedCompensation | null, debtMinor: bigint, currency: string): CompensationDue | null {
  if (fc === null) return null;
  if (fc.bands.length === 1) return { ok: true, minor: fc.bands[0]!.amountMinor, currency: fc.currency };
  if (currency !== fc.currency) {
    return { ok: false, reason: `bands are in ${fc.currency} and the invoice is in ${currency}: decide the band by hand` };
  }
  const band = fc.bands.find((b) => b.belowMinor === null || debtMinor < b.belowMinor)!;
  return { ok: true, minor: band.amountMinor, currency: fc.currency };
}
