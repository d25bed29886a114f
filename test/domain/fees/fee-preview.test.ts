import { describe, expect, it } from 'vitest';
import { builtInRules } from '../../../src/domain/fees/built-in-rules.js';
import { previewFees, type LateInvoice } from '../../../src/domain/fees/fee-preview.js';
import { boe, ecb } from './rates.js';

const rates = new Map([['ecb_mro', ecb], ['boe_base', boe]]);
const invoice = (over: Partial<LateInvoice> & { country?: string | null; rule?: string | null; segment?: string; strategic?: boolean } = {}): LateInvoice => ({
  customer: {
    externalId: 'C-1', name: 'Client', country: over.country === undefined ? 'FR' : over.country, lateFeeRule: over.rule ?? null,
    segment: over.segment ?? 'standard', strategic: over.strategic ?? false,
  },
  externalId: 'e1', number: 'INV-1', currency: 'EUR', amountMinor: 100_000n, dueDate: '2025-03-31', payments: [], creditedMinor: 0n,
  ...over,
});

describe('previewFees', () => {
  it('leaves out opted-out customers, countries without a rule, invoices not yet late and invoices paid', () => {
    const p = previewFees([
      invoice({ rule: 'none' }),
      invoice({ country: 'US' }),
      invoice({ country: null }),
      invoice({ dueDate: '2025-04-30' }),
      invoice({ payments: [{ on: '2025-04-10', minor: 100_000n }] }),
    ], builtInRules, rates, '2025-04-30');
    expect(p.lines).toEqual([]);
    expect(p.totals).toEqual([]);
  });

  it('a rule of its own wins over the country; a US customer may be put under the uk rule', () => {
    // GBP 2,000.00 due 2025-03-31, 30 days late at 4.75% (in force 2024-12-31) + 8: 200,000 × 1275 × 30 / 3,650,000 = 2,095.89 → GBP 20.96; GBP 70
    const [line] = previewFees([invoice({ country: 'US', rule: 'uk', currency: 'GBP', amountMinor: 200_000n })], builtInRules, rates, '2025-04-30').lines;
    expect(line).toMatchObject({ rule: 'uk', interestMinor: 2_096n, compensation: { minor: 7_000n, currency: 'GBP' }, problems: [] });
  });

  it('a credit note lowers the base from the due date; the amount due is what is still owed', () => {
    // EUR 1,000.00 less 400.00 credited = 600.00, 30 days at 3.15% + 10: 60,000 × 1315 × 30 / 3,650,000 = 648.49 → EUR 6.48
    const [line] = previewFees([invoice({ creditedMinor: 40_000n })], builtInRules, rates, '2025-04-30').lines;
    expect(line).toMatchObject({ amountDueMinor: 60_000n, daysLate: 30, interestMinor: 648n });
  });

  it('flags top and strategic accounts as needing approval', () => {
    const p = previewFees([invoice({ segment: 'top' }), invoice({ strategic: true }), invoice({ segment: 'at_risk' })], builtInRules, rates, '2025-04-30');
    expect(p.lines.map((l) => l.needsApproval)).toEqual([true, true, false]);
  });

  it('says why an amount is missing: an unknown rule, UK bands on a EUR invoice', () => {
    const p = previewFees([invoice({ rule: 'gone' }), invoice({ rule: 'uk' })], builtInRules, rates, '2025-04-30');
    expect(p.lines.map((l) => [l.interestMinor, l.compensation, l.problems])).toEqual([
      [null, null, ['no late-fee rule "gone"; load it with arbot fees rules load']],
      // 100,000 × 1275 × 30 / 3,650,000 = 1,047.95 → 1,048 in EUR (interest follows the invoice's currency)
      [1_048n, null, ['bands are in GBP and the invoice is in EUR: decide the band by hand']],
    ]);
  });

  it('totals interest in the invoice currency and compensation in the rule currency', () => {
    const p = previewFees([invoice({ currency: 'USD' }), invoice()], builtInRules, rates, '2025-04-30');
    // Each: 100,000 × 1315 × 30 / 3,650,000 = 1,080.82 → 1,081
    expect(p.totals).toEqual([
      { currency: 'EUR', interestMinor: 1_081n, compensationMinor: 8_000n },
      { currency: 'USD', interestMinor: 1_081n, compensationMinor: 0n },
    ]);
  });
});
