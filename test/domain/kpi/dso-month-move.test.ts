import { describe, expect, it } from 'vitest';
import { dsoMonthMove } from '../../../src/domain/kpi/dso-month-move.js';
import type { TrendPoint } from '../../../src/domain/kpi/kpi-trend.js';

const point = (month_end: string, dso_90d: number | null): TrendPoint => ({ month_end, dso_90d, overdue_share_amount: 0.25 });
const trend = [point('2026-01-31', 44), point('2026-02-28', 39.9), point('2026-03-31', 41.25)];

describe('dsoMonthMove', () => {
  it.each([
    ['up since the end of February, on the last day of March', '2026-03-31', 41.25, { since: '2026-02-28', days: 1.35 }],
    ['against the same month end in mid-March', '2026-03-18', 38.2, { since: '2026-02-28', days: -1.7 }],
    ['unchanged', '2026-03-10', 39.9, { since: '2026-02-28', days: 0 }],
    ['against January at the end of February', '2026-02-28', 39.9, { since: '2026-01-31', days: -4.1 }],
    ['with no DSO now (no sales)', '2026-03-31', null, { since: '2026-02-28', days: null }],
    ['with the month end missing from the trend', '2026-05-15', 40, { since: '2026-04-30', days: null }],
    ['over a new year', '2026-01-05', 40, { since: '2025-12-31', days: null }],
  ])('%s', (_what, asOf, now, move) => {
    expect(dsoMonthMove(asOf, now, trend)).toEqual(move);
  });

  it('has nothing to compare when the month end had no sales', () => {
    expect(dsoMonthMove('2026-03-31', 41.25, [point('2026-02-28', null)])).toEqual({ since: '2026-02-28', days: null });
  });
});
