import { expect } from 'vitest';
import type { Sql } from '../../adapters/postgres/connect.js';
import { postgresLedgerCheckStore } from '../../adapters/postgres/ledger-check.js';
import type { LedgerCheckName } from '../../src/ports/ledger-check.js';
import { checkLedger, type ReportedViolation } from '../../src/services/check-ledger.js';

/** What `arbot check` finds in the ledger (its query, without the process), but the checks in `except`. */
export async function ledgerViolations(sql: Sql, opts: { except?: readonly LedgerCheckName[] } = {}): Promise<ReportedViolation[]> {
  const report = await checkLedger(postgresLedgerCheckStore(sql), { limit: 20 });
  return report.violations.filter((v) => !opts.except?.includes(v.check));
}

/** Fails with every violation `arbot check` finds (ids and details), unless the ledger is clean. */
export async function expectLedgerClean(sql: Sql, opts: { except?: readonly LedgerCheckName[] } = {}): Promise<void> {
  expect(await ledgerViolations(sql, opts), 'arbot check found violations in the ledger').toEqual([]);
}
