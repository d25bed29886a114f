import { describe, expect, it } from 'vitest';
import { kpiInvoicesOf } from '../../support/kpi-ledger.js';
import { referenceKpis } from '../../support/kpi-reference.js';
import { kpiScenarios } from '../../support/kpi-scenarios.js';

describe('KPI definitions on hand-computed ledgers', () => {
  it.each(kpiScenarios)('$name', ({ ledger, asOf, zone, expected }) => {
    expect(referenceKpis(kpiInvoicesOf(ledger, zone), asOf)).toEqual(expected);
  });
});
