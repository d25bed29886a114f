import { describe, expect, it } from 'vitest';
import { deRule, euRule, frRule, ukRule } from '../../../src/domain/fees/built-in-rules.js';
import { parseLateFeeRule } from '../../../src/domain/fees/late-fee-rule.js';
import { computeLateInterest } from '../../../src/domain/fees/late-interest.js';
import { basiszins, boe, ecb } from './rates.js';

// Worked examples, computed by hand. Interest = Σ base × (reference + margin) bp × days / (365 × 10,000), summed in
// minor units and rounded once, half up. Late days are dueDate < d <= asOf.

describe('statutory interest per jurisdiction, to the cent', () => {
  it('France: the ECB rate of 1 January, then of 1 July when the late period crosses into the second half-year', () => {
    // EUR 10,000.00 due 2025-05-31, as of 2025-08-29: late 2025-06-01..2025-08-29 = 30 + 31 + 29 = 90 days.
    //   2025-06-01..06-30: 30 days at (rate in force on 2025-01-01: 3.15%) + 10 = 13.15%: 1,000,000 × 1315 × 30 = 39,450,000,000
    //   2025-07-01..08-29: 60 days at (rate in force on 2025-07-01: 2.15%) + 10 = 12.15%: 1,000,000 × 1215 × 60 = 72,900,000,000
    //   112,350,000,000 / 3,650,000 = 30,780.82 → 30,781: EUR 307.81
    // The ECB cut its rate four times in the first half-year (Feb, Mar, Apr, Jun): French law ignores those until 1 July.
    const r = computeLateInterest({ baseMinor: 1_000_000n, dueDate: '2025-05-31', asOf: '2025-08-29', payments: [], rule: frRule, rates: ecb });
    expect(r).toMatchObject({ ok: true, daysLate: 90, interestMinor: 30_781n });
    expect(r.ok && r.periods.map((p) => [p.from, p.until, p.days, p.referenceBp, p.rateBp])).toEqual([
      ['2025-06-01', '2025-07-01', 30, 315, 1315],
      ['2025-07-01', '2025-08-30', 60, 215, 1215],
    ]);
  });

  it('Germany: Basiszinssatz + 9 points, on the remaining amount from the day after a part payment', () => {
    // EUR 5,000.00 due 2025-06-15; EUR 2,000.00 received 2025-07-10; as of 2025-07-31: 15 + 31 = 46 days late.
    //   06-16..06-30: 15 days, base 500,000 at 2.27% + 9 = 11.27%: 500,000 × 1127 × 15 =  8,452,500,000
    //   07-01..07-10: 10 days, base 500,000 at 1.27% + 9 = 10.27%: 500,000 × 1027 × 10 =  5,135,000,000
    //     (the payment day itself is still late on the whole amount)
    //   07-11..07-31: 21 days, base 300,000 at 10.27%:              300,000 × 1027 × 21 =  6,470,100,000
    //   20,057,600,000 / 3,650,000 = 5,495.23 → 5,495: EUR 54.95
    const r = computeLateInterest({
      baseMinor: 500_000n, dueDate: '2025-06-15', asOf: '2025-07-31', payments: [{ on: '2025-07-10', minor: 200_000n }], rule: deRule, rates: basiszins,
    });
    expect(r).toMatchObject({ ok: true, daysLate: 46, interestMinor: 5_495n });
    expect(r.ok && r.periods.map((p) => [p.days, p.baseMinor, p.rateBp])).toEqual([[15, 500_000n, 1127], [10, 500_000n, 1027], [21, 300_000n, 1027]]);
  });

  it('Germany in 2022: a negative Basiszinssatz lowers the rate (-0.88% + 9 = 8.12%)', () => {
    // EUR 1,000.00 due 2022-03-31, as of 2022-04-30: 30 days × 100,000 × 812 = 2,436,000,000 / 3,650,000 = 667.40 → EUR 6.67
    const r = computeLateInterest({ baseMinor: 100_000n, dueDate: '2022-03-31', asOf: '2022-04-30', payments: [], rule: deRule, rates: basiszins });
    expect(r).toMatchObject({ ok: true, interestMinor: 667n });
  });

  it('UK: the base rate in force on 31 December before the half-year it became overdue, for the whole late period', () => {
    // GBP 1,000.00 due 2025-01-31, as of 2025-03-02: 2025-02-01..03-02 = 30 days. Overdue in January–June 2025, so the
    // rate is the one in force on 2024-12-31: 4.75% (the cut to 4.50% on 2025-02-06 does not apply) + 8 = 12.75%.
    //   100,000 × 1275 × 30 = 3,825,000,000 / 3,650,000 = 1,047.95 → 1,048: GBP 10.48
    const r = computeLateInterest({ baseMinor: 100_000n, dueDate: '2025-01-31', asOf: '2025-03-02', payments: [], rule: ukRule, rates: boe });
    expect(r).toMatchObject({ ok: true, daysLate: 30, interestMinor: 1_048n });
    expect(r.ok && r.periods.map((p) => p.referenceBp)).toEqual([475]);
  });

  it('UK: crossing 1 July does not change the rate (unlike France or Germany)', () => {
    // GBP 20,000.00 due 2025-06-20, as of 2025-07-20: 10 + 20 = 30 days at 4.75% (in force 2024-12-31) + 8 = 12.75%.
    //   2,000,000 × 1275 × 30 = 76,500,000,000 / 3,650,000 = 20,958.90 → 20,959: GBP 209.59
    const r = computeLateInterest({ baseMinor: 2_000_000n, dueDate: '2025-06-20', asOf: '2025-07-20', payments: [], rule: ukRule, rates: boe });
    expect(r).toMatchObject({ ok: true, interestMinor: 20_959n });
    expect(r.ok && r.periods).toHaveLength(1);
  });

  it('EU directive: ECB rate of 1 January + 8 points', () => {
    // EUR 1,234.56 due 2025-03-31, as of 2025-04-30: 30 days at 3.15% + 8 = 11.15%.
    //   123,456 × 1115 × 30 = 4,129,603,200 / 3,650,000 = 1,131.40 → 1,131: EUR 11.31
    const r = computeLateInterest({ baseMinor: 123_456n, dueDate: '2025-03-31', asOf: '2025-04-30', payments: [], rule: euRule, rates: ecb });
    expect(r).toMatchObject({ ok: true, interestMinor: 1_131n });
  });
});

describe('edge cases', () => {
  it('zero days late: no interest and no rate needed', () => {
    expect(computeLateInterest({ baseMinor: 100_000n, dueDate: '2025-03-31', asOf: '2025-03-31', payments: [], rule: frRule, rates: [] }))
      .toEqual({ ok: true, daysLate: 0, interestMinor: 0n, periods: [] });
  });

  it('rounds once, half up: exactly half a cent becomes a cent', () => {
    // A custom rule at 0% + 10 points: 1,825 × 1000 × 1 = 1,825,000 / 3,650,000 = 0.5 → 1 (banker's rounding would give 0).
    const rule = parseLateFeeRule({ name: 'flat10', legal_basis: 'contract', reference_series: 'zero', margin_bp: 1000, rate_fixing: 'per_half_year' });
    if (!rule.ok) throw new Error(rule.error);
    const rates = [{ series: 'zero', validFrom: '2000-01-01', rateBp: 0 }];
    expect(computeLateInterest({ baseMinor: 1_825n, dueDate: '2025-03-31', asOf: '2025-04-01', payments: [], rule: rule.rule, rates })).toMatchObject({ interestMinor: 1n });
    expect(computeLateInterest({ baseMinor: 1_824n, dueDate: '2025-03-31', asOf: '2025-04-01', payments: [], rule: rule.rule, rates })).toMatchObject({ interestMinor: 0n });
  });

  it('stops when paid in full: no interest on the days after the payment', () => {
    // EUR 1,000.00 due 2025-03-31, paid in full 2025-04-10, as of 2025-06-30: only 04-01..04-10 count, 10 days at 11.15%.
    //   100,000 × 1115 × 10 = 1,115,000,000 / 3,650,000 = 305.48 → EUR 3.05
    const r = computeLateInterest({ baseMinor: 100_000n, dueDate: '2025-03-31', asOf: '2025-06-30', payments: [{ on: '2025-04-10', minor: 100_000n }], rule: euRule, rates: ecb });
    expect(r).toMatchObject({ ok: true, interestMinor: 305n });
  });

  it('names the missing rate instead of guessing', () => {
    const r = computeLateInterest({ baseMinor: 100_000n, dueDate: '2024-01-31', asOf: '2024-03-01', payments: [], rule: frRule, rates: ecb });
    expect(r).toEqual({ ok: false, daysLate: 30, reason: 'no ecb_mro rate in force on 2024-01-01; load it with arbot fees rates load' });
  });
});
