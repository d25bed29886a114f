import { parseArgs } from 'node:util';
import { readCsv } from '../../adapters/csv/read-csv.js';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { postgresImportStore } from '../../adapters/postgres/ledger-import-store.js';
import { knownColumns, requiredColumns, type LedgerKind } from '../../src/domain/import/ledger-rows.js';
import type { LedgerImportStore, UpsertBatch } from '../../src/ports/ledger-import.js';
import { importLedger, importOrder, type ImportItem, type ImportSource } from '../../src/services/import-ledger.js';
import { dateInZone } from '../../src/domain/calendar-date.js';

// Runs one import in a process of its own, so its peak RSS is the import's alone (not the generator's),
// and prints one JSON line (ChildResult) on stdout. Usable by hand:
//   node --import tsx test/bench/import-child.ts --database-url URL --invoices invoices.csv ...

export interface SourceTiming {
  kind: LedgerKind;
  rows: number;
  inserted: number;
  updated: number;
  rejected: number;
  unmatched: number;
  fatal: string | null;
  /** From the first read of this source to the first read of the next (or the end): parsing, validation and storing. */
  seconds: number;
  /** CPU time of this process (user + system) over `seconds`: less sensitive than wall time to a busy machine. */
  cpu_seconds: number;
  /** Inside store transactions (BEGIN … upsert … COMMIT); the rest of `seconds` is CSV parsing and validation. */
  store_seconds: number;
  batches: number;
  batch_ms: { first: number; median: number; last: number; max: number };
}

export interface ChildResult {
  total_seconds: number;
  cpu_seconds: number;
  max_rss_kb: number;
  rss_before_kb: number;
  sources: SourceTiming[];
}

const flags: Record<string, LedgerKind> = {
  owners: 'owners', customers: 'customers', invoices: 'invoices', payments: 'payments', 'credit-notes': 'credit_notes', disputes: 'disputes',
};

/** The same wiring as `arbot import` (src/cli/import.ts). */
async function* csvItems(file: string, kind: LedgerKind): AsyncGenerator<ImportItem> {
  for await (const item of readCsv(file, { required: requiredColumns[kind], known: knownColumns[kind] })) {
    yield 'error' in item ? { pos: item.line, error: item.error } : { pos: item.line, cells: item.cells };
  }
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Notes when importLedger starts reading a source (its body runs on the first next()). */
async function* stamped(items: AsyncIterable<ImportItem>, onStart: () => void): AsyncGenerator<ImportItem> {
  onStart();
  yield* items;
}

/** Times each unit of work and charges it to the kind it wrote. */
function timedStore(store: LedgerImportStore, batchMs: Map<LedgerKind, number[]>): LedgerImportStore {
  return {
    ...store,
    async unit(work, opts) {
      let kind: LedgerKind | null = null;
      const started = performance.now();
      const value = await store.unit((unit) => {
        const noted: UpsertBatch = (k, batch, ctx) => {
          kind = k;
          return unit.upsert(k, batch, ctx);
        };
        return work({ ...unit, upsert: noted });
      }, opts);
      if (kind !== null) {
        const list = batchMs.get(kind) ?? [];
        list.push(performance.now() - started);
        batchMs.set(kind, list);
      }
      return value;
    },
  };
}

function batchSummary(ms: readonly number[]): SourceTiming['batch_ms'] {
  const sorted = [...ms].sort((a, b) => a - b);
  const r = (x: number | undefined) => Math.round(x ?? 0);
  return { first: r(ms[0]), median: r(sorted[Math.floor(sorted.length / 2)]), last: r(ms.at(-1)), max: r(sorted.at(-1)) };
}

async function main(): Promise<void> {
  const values = parseArgs({
    options: { 'database-url': { type: 'string' }, ...Object.fromEntries(Object.keys(flags).map((f) => [f, { type: 'string' as const }])) },
    strict: true,
  }).values as Record<string, string | undefined>;
  const databaseUrl = values['database-url'];
  if (typeof databaseUrl !== 'string') throw new Error('--database-url is required');
  const rssBefore = process.memoryUsage().rss;
  const startedAt = new Map<LedgerKind, number>();
  const cpuAt = new Map<LedgerKind, number>();
  const sources: ImportSource[] = [];
  for (const [flag, kind] of Object.entries(flags)) {
    const file = values[flag];
    if (typeof file !== 'string') continue;
    sources.push({ kind, name: file, items: stamped(csvItems(file, kind), () => {
      startedAt.set(kind, performance.now());
      cpuAt.set(kind, cpuNow());
    }) });
  }

  const db = await openDatabase({ databaseUrl, dataDir: '' });
  const batchMs = new Map<LedgerKind, number[]>();
  let shown = 0;
  const started = performance.now();
  const cpuStarted = cpuNow();
  const report = await importLedger(timedStore(postgresImportStore(db.sql), batchMs), sources, {
    actor: 'bench', via: 'csv', defaultTimezone: 'UTC', today: { date: dateInZone(new Date(), 'UTC'), zone: 'UTC' },
    // Rejects are counted in the report; show a few, so a broken generator is obvious.
    onReject: (s, e) => {
      if (shown++ < 10) process.stderr.write(`${s.name}:${e.pos}: ${e.column}: ${e.reason}\n`);
    },
  });
  const ended = performance.now();
  const cpuEnded = cpuNow();
  await db.close();

  const order = importOrder.filter((k) => startedAt.has(k));
  const result: ChildResult = {
    total_seconds: (ended - started) / 1000,
    cpu_seconds: cpuEnded - cpuStarted,
    max_rss_kb: process.resourceUsage().maxRSS,
    rss_before_kb: Math.round(rssBefore / 1024),
    sources: report.sources.map((s) => {
      const next = order[order.indexOf(s.kind) + 1];
      const ms = batchMs.get(s.kind) ?? [];
      return {
        kind: s.kind, rows: s.rows, inserted: s.inserted, updated: s.updated, rejected: s.rejected,
        unmatched: s.unmatched_payments, fatal: s.fatal,
        seconds: ((next ? startedAt.get(next)! : ended) - startedAt.get(s.kind)!) / 1000,
        cpu_seconds: (next ? cpuAt.get(next)! : cpuEnded) - cpuAt.get(s.kind)!,
        store_seconds: ms.reduce((a, b) => a + b, 0) / 1000,
        batches: ms.length,
        batch_ms: batchSummary(ms),
      };
    }),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
