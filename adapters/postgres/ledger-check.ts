import type { LedgerCheckResult, LedgerCheckStore } from '../../src/ports/ledger-check.js';
import type { Sql } from './connect.js';
import { invariantChecks } from './ledger-check-invariants.js';
import { kpiRollupDrift } from './ledger-check-kpi.js';
import { collectViolations } from './ledger-check-rows.js';
import { settlementChecks } from './ledger-check-settlements.js';

const tables = {
  invoices: 'invoices', payments: 'payments', allocations: 'payment_allocations', credit_notes: 'credit_notes',
  disputes: 'disputes', promises: 'promises_to_pay', settlements: 'invoice_settlements', kpi_daily: 'kpi_daily',
  kpi_segment_daily: 'kpi_segment_daily', discounts: 'discount_allocations',
} as const;

/**
 * `arbot check` on Postgres. Every query reads one snapshot (REPEATABLE READ), so an import running meanwhile never
 * shows as a half-written violation; each is a handful of scans and hash joins, a few seconds on a million invoices.
 */
export function postgresLedgerCheckStore(sql: Sql): LedgerCheckStore {
  return {
    async check(limit) {
      if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
      return (await sql.begin('isolation level repeatable read read only', async (raw) => {
        const tx = raw as unknown as Sql;
        // Big one-off scans: JIT and parallel workers are left as the server has them (connect.ts turns JIT off).
        const [counts] = await tx.unsafe<Record<string, bigint>[]>(
          `SELECT ${Object.entries(tables).map(([k, t]) => `(SELECT count(*) FROM ${t}) AS ${k}`).join(', ')}`);
        // One statement for every check: one round trip and one plan, so a small ledger is checked in milliseconds.
        const { violations, found } = await collectViolations(tx, [...invariantChecks, settlementChecks, kpiRollupDrift].map((q) => `(${q})`).join('\nUNION ALL\n'), limit);
        const checked = Object.fromEntries(Object.entries(counts!).map(([k, v]) => [k, Number(v)]));
        return { checked, violations, found } satisfies LedgerCheckResult;
      })) as LedgerCheckResult;
    },
  };
}
