import { instantInZone as instantIn } from '../../src/domain/calendar-date.js';
import { z } from 'zod';
import {
  importRunLinesShown, type AlertView, type ReleasedAllocationLine, type UnmatchedPaymentLine,
} from '../../src/views/alert-view.js';
import { money } from './chat-views-invoices.js';
import type { Sql } from './connect.js';

// The view of an `import_run_review` alert: what one import run left for finance, read from import_runs.summary
// (src/services/import-ledger.ts summarize). The summary is jsonb written by several releases: every part is
// checked here, and what does not parse is left out rather than failing the whole message.

const digits = z.union([z.string().regex(/^-?\d{1,19}$/), z.number().int()]).transform((v) => BigInt(v));
const details = z.object({ import_run_id: z.union([z.string().regex(/^\d{1,19}$/), z.number().int().positive()]) });
const unmatchedItem = z.object({
  external_id: z.string(), customer_external_id: z.string(), currency: z.string().regex(/^[A-Z]{3}$/),
  unallocated_minor: digits, reason: z.string(),
});
// Released allocations (an ERP update no longer fits them), as the import records them (ReleasedAllocation in
// src/ports/ledger-import.ts); only what is shown is required.
const releasedItem = z.object({
  external_id: z.string(),
  payment_external_id: z.string().optional(),
  invoice_number: z.string().optional(),
  released_minor: digits.optional(),
  amount_minor: digits.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  reason: z.string().optional(),
});
const count = z.number().int().nonnegative();
const source = z.object({
  unmatched_payments: count.optional(),
  unmatched: z.array(z.unknown()).optional(),
  unmatched_totals: z.record(z.string(), digits).optional(),
  released: z.union([z.array(z.unknown()), count]).optional(),
  released_count: count.optional(),
  released_allocations: count.optional(),
});
const summary = z.object({ sources: z.array(z.unknown()).default([]), failed: z.string().optional() });

type Source = z.infer<typeof source>;

const parsedList = <T>(items: readonly unknown[] | undefined, schema: z.ZodType<T>): T[] =>
  (items ?? []).flatMap((i) => {
    const r = schema.safeParse(i);
    return r.success ? [r.data] : [];
  });

/** How many allocations a source released: its count when it gives one, else the length of its list. */
function releasedCount(s: Source): number | null {
  if (s.released_allocations !== undefined) return s.released_allocations;
  if (s.released === undefined && s.released_count === undefined) return null;
  if (s.released_count !== undefined) return s.released_count;
  return typeof s.released === 'number' ? s.released : s.released!.length;
}

/**
 * One import run's alert: its unmatched payments (first `importRunLinesShown`, each with its customer for `/ar`,
 * and the totals per currency of them all) and the allocations it released, when it recorded any.
 * Null when the run is gone or the alert's details are not an import run's.
 */
export async function importRunView(sql: Sql, alertDetails: unknown, zone: string): Promise<AlertView | null> {
  const d = details.safeParse(alertDetails);
  if (!d.success) return null;
  const [run] = await sql<{ id: bigint; source: string; actor: string; finished_at: Date | null; started_at: Date; summary: unknown }[]>`
    SELECT id, source, actor, finished_at, started_at, summary FROM import_runs WHERE id = ${String(d.data.import_run_id)}::int8`;
  if (!run) return null;
  const s = summary.safeParse(run.summary ?? {});
  const sources = parsedList(s.success ? s.data.sources : [], source);
  const unmatched = sources.flatMap((x) => parsedList(x.unmatched, unmatchedItem)).slice(0, importRunLinesShown);
  const totals = new Map<string, bigint>();
  for (const x of sources) for (const [cur, minor] of Object.entries(x.unmatched_totals ?? {})) totals.set(cur, (totals.get(cur) ?? 0n) + minor);
  const released = sources.map((x) => releasedCount(x));
  const names = await customerNames(sql, unmatched.map((u) => u.customer_external_id));
  const lines: UnmatchedPaymentLine[] = unmatched.map((u) => ({
    paymentExternalId: u.external_id, customerExternalId: u.customer_external_id,
    customerName: names.get(u.customer_external_id) ?? null, amount: money(u.unallocated_minor, u.currency), reason: u.reason,
  }));
  const releasedLines: ReleasedAllocationLine[] = sources.flatMap((x) => (Array.isArray(x.released) ? parsedList(x.released, releasedItem) : []))
    .slice(0, importRunLinesShown)
    .map((r) => {
      const minor = r.released_minor ?? r.amount_minor;
      return {
      externalId: r.payment_external_id && r.invoice_number ? `${r.payment_external_id} from ${r.invoice_number}` : r.external_id,
      amount: minor !== undefined && r.currency ? money(minor, r.currency) : null,
      reason: r.reason ?? 'no reason recorded',
      };
    });
  return {
    kind: 'import_run',
    run: {
      runId: run.id.toString(), via: run.source, actor: run.actor,
      finishedAt: `${instantIn(run.finished_at ?? run.started_at, zone)} (${zone})`,
      failed: s.success ? (s.data.failed ?? null) : null,
      unmatched: {
        count: sources.reduce((n, x) => n + (x.unmatched_payments ?? 0), 0),
        lines,
        totals: [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([cur, minor]) => money(minor, cur)),
      },
      // Shown only when the run released something (the import always records the count, often 0).
      released: released.every((n) => n === null || n === 0) ? null : { count: released.reduce<number>((n, x) => n + (x ?? 0), 0), lines: releasedLines },
    },
  };
}

async function customerNames(sql: Sql, externalIds: readonly string[]): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map();
  const rows = await sql<{ external_id: string; name: string }[]>`
    SELECT external_id, name FROM customers WHERE external_id = ANY(${[...new Set(externalIds)]})`;
  return new Map(rows.map((r) => [r.external_id, r.name]));
}
