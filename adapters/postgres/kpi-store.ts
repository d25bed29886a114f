import type { GroupTotals, KpiGrouping, KpiScope, KpiStore } from '../../src/ports/kpi-store.js';
import { topOverdueAt } from './kpi-top-overdue.js';
import type { Sql } from './connect.js';
import { commitmentTotals } from './kpi-commitments.js';
import { kpiTotalsFromDaily } from './kpi-totals-daily.js';
import { kpiTotalsAt } from './kpi-totals-scan.js';
import { trendFromDaily } from './kpi-trend-daily.js';
import { trendTotals } from './kpi-trend-scan.js';

/**
 * Every part of one KPI answer reads the same snapshot of the ledger, and writes nothing. JIT is off: the
 * planner prices the rarely taken "money applied on both sides of D" subqueries per row, which pushes these
 * short range scans past the JIT threshold and costs seconds of LLVM compilation. Parallel workers are off
 * too: starting them costs more than these scans of a few hundred thousand index entries.
 */
async function inSnapshot<T>(sql: Sql, work: (tx: Sql) => Promise<T>): Promise<T> {
  return (await sql.begin('isolation level repeatable read read only', async (tx) => {
    await tx`SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`;
    return work(tx as unknown as Sql);
  })) as T;
}

/** Turns group ids into report keys: the segment, the sales owner's email, null for none. */
async function groupKeys(tx: Sql, groupBy: KpiGrouping | undefined, grps: readonly string[]): Promise<Map<string, string | null>> {
  if (groupBy !== 'sales_owner') return new Map(grps.map((g) => [g, groupBy === 'segment' ? g : null]));
  const ids = grps.filter((g) => g !== '');
  const owners = await tx<{ id: string; email: string }[]>`
    SELECT id::text AS id, email FROM owners WHERE id = ANY(${ids}::text[]::int8[])`;
  return new Map(grps.map((g) => [g, owners.find((o) => o.id === g)?.email ?? null]));
}

export interface KpiStoreOptions {
  /**
   * 'auto': the daily tables for the whole company or one segment (all currencies or one), invoice scans for a
   * breakdown, which needs the customer. 'scan': scans always (tests compare the two).
   */
  readonly strategy?: 'auto' | 'scan';
}

/** The KPI store on Postgres; `zone` is COMPANY_TIMEZONE, which dates disputes. */
export function postgresKpiStore(sql: Sql, zone: string, opts: KpiStoreOptions = {}): KpiStore {
  const daily = (groupBy?: KpiGrouping) => opts.strategy !== 'scan' && groupBy === undefined;
  return {
    totals: (asOf: string, scope: KpiScope, groupBy?: KpiGrouping) => inSnapshot(sql, async (tx) => {
      const rows = daily(groupBy)
        ? await kpiTotalsFromDaily(tx, asOf, zone, { scope })
        : await kpiTotalsAt(tx, asOf, zone, { scope, groupBy });
      const commitments = await commitmentTotals(tx, asOf, zone, { scope, groupBy });
      for (const r of rows) {
        const c = commitments.find((x) => x.grp === r.grp && x.currency === r.totals.currency);
        if (c) r.totals = { ...r.totals, commitments: c.totals };
      }
      const keys = await groupKeys(tx, groupBy, [...new Set(rows.map((r) => r.grp))]);
      const out: GroupTotals[] = [];
      for (const r of rows) {
        const k = keys.get(r.grp) ?? null;
        const group = out.find((g) => g.key === k);
        if (group) (group.totals as unknown[]).push(r.totals);
        else out.push({ key: k, totals: [r.totals] });
      }
      return out;
    }),
    trend: (monthEnds, scope) => inSnapshot(sql, (tx) =>
      (daily() ? trendFromDaily(tx, monthEnds, { scope }) : trendTotals(tx, monthEnds, { scope }))),
    // In a snapshot too, for its settings: parallel workers doubled its time on a busy 2-core server.
    topOverdue: (asOf, scope, limit) => inSnapshot(sql, (tx) => topOverdueAt(tx, asOf, scope, limit)),
  };
}
