import { ledgerChecks, type LedgerCheckName, type LedgerCheckStore } from '../ports/ledger-check.js';

/** One violation as `arbot check --json` prints it: the check, the ids of the rows involved, what is wrong. */
export type ReportedViolation = { readonly check: LedgerCheckName } & Readonly<Record<string, string>> & { readonly detail: string };

/** The answer of `arbot check`: a stable JSON shape. */
export interface LedgerCheckReport {
  readonly ok: boolean;
  /** Rows examined, by table. */
  readonly checked: Readonly<Record<string, number>>;
  /** In the order of `ledgerChecks`, then by ids; at most `limit` per check. */
  readonly violations: readonly ReportedViolation[];
  /** Violations found but not listed, beyond `limit` per check (0 when every one is listed). */
  readonly omitted: number;
}

export const DEFAULT_CHECK_LIMIT = 100;

/**
 * Verifies every ledger invariant and every derived table against a rebuild from its sources.
 * @example await checkLedger(store) // { ok: true, checked: { invoices: 1200, … }, violations: [], omitted: 0 }
 */
export async function checkLedger(store: LedgerCheckStore, opts: { limit?: number } = {}): Promise<LedgerCheckReport> {
  const limit = opts.limit ?? DEFAULT_CHECK_LIMIT;
  const r = await store.check(limit);
  const rank = (name: LedgerCheckName) => ledgerChecks.indexOf(name);
  // A stable sort: within a check, the store's order (by ids) stays.
  const violations = [...r.violations]
    .sort((a, b) => rank(a.check) - rank(b.check))
    .map((v) => ({ check: v.check, ...v.ids, detail: v.detail }) as ReportedViolation);
  const found = Object.values(r.found).reduce((t, n) => t + (n ?? 0), 0);
  return { ok: found === 0, checked: r.checked, violations, omitted: found - violations.length };
}
