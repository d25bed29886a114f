import { parseLedgerRow, type LedgerKind, type RowsByKind } from '../domain/import/ledger-rows.js';
import { createRepeatedKeys } from '../domain/import/repeated-keys.js';
import { rowKey } from '../domain/import/row-key.js';
import type { CalendarDate } from '../domain/calendar-date.js';
import { bigintsAsStrings } from '../json-output.js';
import type {
  BatchOutcome, ImportContext, ImportUnit, LedgerImportStore, Positioned, ReleasedAllocation, RowReject, UnmatchedPayment,
} from '../ports/ledger-import.js';
import { allocateAgain } from './allocate-payments.js';

/** One input row as text cells, or a row the reader could not split into cells. */
export type ImportItem =
  | { readonly pos: number; readonly cells: Readonly<Record<string, string>> }
  | { readonly pos: number; readonly error: string };

export interface ImportSource {
  readonly kind: LedgerKind;
  /** How rows are named in errors: a file path ("invoices.csv") or an API route. */
  readonly name: string;
  readonly items: AsyncIterable<ImportItem>;
  /** What a `pos` is, for messages that point at another row ("repeats line 4"); lines unless said. */
  readonly positions?: 'line' | 'item';
}

export interface SourceReport {
  kind: LedgerKind;
  name: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first rejects, in the order found; `rejected` counts them all. */
  errors: RowReject[];
  unmatched_payments: number;
  unmatched: UnmatchedPayment[];
  /** The unallocated amounts of every unmatched payment, per currency (minor units). */
  unmatched_totals: Record<string, bigint>;
  /**
   * Allocations given back because an update left them where they no longer fit (invoice or payment lowered,
   * moved to another customer or currency); the payments were matched again, and what stayed unmatched is in
   * `unmatched`. `released_allocations` counts them all, `released` keeps the first, like `unmatched`.
   */
  released_allocations: number;
  released: ReleasedAllocation[];
  /** Set when the source could not be read to its end (bad header, broken quoting); rows before it are kept. */
  fatal: string | null;
}

export interface ImportReport {
  dry_run: boolean;
  sources: SourceReport[];
}

export interface ImportOptions {
  readonly actor: string;
  readonly via: 'csv' | 'api' | 'demo';
  readonly defaultTimezone: string;
  /**
   * Today in the company's time zone, from the caller's clock (the service never reads one): a payment received
   * after it is refused.
   */
  readonly today: { readonly date: CalendarDate; readonly zone: string };
  readonly dryRun?: boolean;
  readonly batchSize?: number;
  /** How many rejects and unmatched payments a report keeps; all are still counted and passed to onReject. */
  readonly keep?: number;
  readonly onReject?: (source: ImportSource, reject: RowReject) => void;
}

/** Where a source sits in the import order: references must exist before the rows that name them. */
export const importOrder: readonly LedgerKind[] = ['owners', 'customers', 'invoices', 'payments', 'credit_notes', 'disputes'];

type Flush = (kind: LedgerKind, batch: Positioned<RowsByKind[LedgerKind]>[], ctx: ImportContext) => Promise<BatchOutcome>;

/**
 * Validates and upserts ledger rows source by source, in reference order, streaming in batches.
 * Bad rows are reported and skipped; good rows are stored (each batch in its own transaction), so one bad
 * row never costs the others. A dry run does everything in one transaction and rolls it back.
 */
export async function importLedger(store: LedgerImportStore, sources: readonly ImportSource[], opts: ImportOptions): Promise<ImportReport> {
  const ordered = [...sources].sort((a, b) => importOrder.indexOf(a.kind) - importOrder.indexOf(b.kind));
  if (opts.dryRun) {
    const ctx: ImportContext = { actor: opts.actor, runId: 0n, defaultTimezone: opts.defaultTimezone };
    const sourcesReport = await store.unit(
      (unit) => readAll(ordered, opts, ctx, (kind, batch) => storeBatch(unit, kind, batch, ctx)),
      { rollback: true },
    );
    return { dry_run: true, sources: sourcesReport };
  }
  const runId = await store.startRun(opts.via, opts.actor);
  const ctx: ImportContext = { actor: opts.actor, runId, defaultTimezone: opts.defaultTimezone };
  const done: SourceReport[] = [];
  try {
    await readAll(ordered, opts, ctx, (kind, batch) => store.unit((unit) => storeBatch(unit, kind, batch, ctx)), store.analyze?.bind(store), done);
  } catch (err) {
    // The batches stored before the failure stay stored: the run says so, and why it stopped, instead of looking
    // as if it were still going.
    await store.finishRun(runId, { ...summarize({ dry_run: false, sources: done }), failed: (err as Error).message }).catch(() => {});
    throw err;
  }
  const report: ImportReport = { dry_run: false, sources: done };
  await store.finishRun(runId, summarize(report));
  return report;
}

/**
 * Stores one batch and, in the same unit of work (one transaction, behind the locks the upsert took), matches again
 * the payments it left with money to place: the payments of a payments batch, those an invoice update released.
 */
async function storeBatch(unit: ImportUnit, kind: LedgerKind, batch: Positioned<RowsByKind[LedgerKind]>[], ctx: ImportContext): Promise<BatchOutcome> {
  const { rematch, ...stored } = await unit.upsert(kind, batch, ctx);
  return { ...stored, unmatched: rematch ? await allocateAgain(unit, rematch, ctx) : [] };
}

async function readAll(
  sources: readonly ImportSource[], opts: ImportOptions, ctx: ImportContext, flush: Flush, analyze?: (kind: LedgerKind) => Promise<void>,
  out: SourceReport[] = [],
): Promise<SourceReport[]> {
  for (const source of sources) {
    const r = await readOne(source, opts, ctx, flush);
    out.push(r);
    if (analyze && r.inserted + r.updated >= 10_000) await analyze(source.kind);
  }
  return out;
}

async function readOne(source: ImportSource, opts: ImportOptions, ctx: ImportContext, flush: Flush): Promise<SourceReport> {
  const keep = opts.keep ?? 100;
  const size = opts.batchSize ?? 2500;
  const r: SourceReport = {
    kind: source.kind, name: source.name, rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0,
    errors: [], unmatched_payments: 0, unmatched: [], unmatched_totals: {}, released_allocations: 0, released: [], fatal: null,
  };
  const reject = (...errors: RowReject[]) => {
    r.rejected++;
    for (const e of errors) {
      if (r.errors.length < keep) r.errors.push(e);
      opts.onReject?.(source, e);
    }
  };
  // One batch is stored while the next is read and validated, so parsing and the database work at the same time.
  // Rejects are still reported in file order: those found while a batch is in flight wait for its own rejects.
  let batch: Positioned<RowsByKind[LedgerKind]>[] = [];
  let inFlight: Promise<void> | null = null;
  let held: RowReject[][] = [];
  const rejectRow = (errors: RowReject[]) => {
    if (inFlight) held.push(errors);
    else reject(...errors);
  };
  const store = async (items: Positioned<RowsByKind[LedgerKind]>[]) => {
    let outcome: BatchOutcome;
    try {
      outcome = await flush(source.kind, items, ctx);
    } finally {
      inFlight = null;
    }
    r.inserted += outcome.inserted;
    r.updated += outcome.updated;
    for (const e of outcome.rejected.sort((a, b) => a.pos - b.pos)) reject(e);
    r.unchanged += items.length - outcome.inserted - outcome.updated - outcome.rejected.length;
    r.unmatched_payments += outcome.unmatched.length;
    for (const u of outcome.unmatched) if (r.unmatched.length < keep) r.unmatched.push(u);
    for (const u of outcome.unmatched) r.unmatched_totals[u.currency] = (r.unmatched_totals[u.currency] ?? 0n) + u.unallocated_minor;
    const released = outcome.released ?? [];
    r.released_allocations += released.length;
    for (const x of released) if (r.released.length < keep) r.released.push(x);
    // Rows read past a batch that failed are not reported: without the overlap they would not have been read.
    for (const errors of held) reject(...errors);
    held = [];
  };
  const drain = async () => {
    if (inFlight) await inFlight;
  };
  const send = async () => {
    await drain();
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    inFlight = store(items);
    // Awaited by the next send or drain; this only keeps a failure from being reported as unhandled meanwhile.
    inFlight.catch(() => {});
  };
  // A key repeated in one source would leave the last row silently winning; the later rows are refused instead.
  // Kept across batches, as hashes (src/domain/import/repeated-keys.ts), so a million rows cost about 20 MB.
  const seen = createRepeatedKeys();
  const rowCtx = { today: opts.today };
  try {
    for await (const item of source.items) {
      r.rows++;
      if ('error' in item) {
        rejectRow([{ pos: item.pos, column: 'row', reason: item.error }]);
        continue;
      }
      const parsed = parseLedgerRow(source.kind, item.cells, rowCtx);
      if (!parsed.ok) {
        // Every bad column of the row at once, so a person fixes the row in one pass.
        rejectRow(parsed.errors.map((e) => ({ pos: item.pos, ...e })));
        continue;
      }
      const id = rowKey(source.kind, parsed.row, item.cells);
      const first = seen.earlier(id.key, item.pos);
      if (first !== null) {
        const reason = `repeats ${source.positions ?? 'line'} ${first}${id.note ? ` ${id.note}` : ''}`;
        rejectRow([{ pos: item.pos, column: id.column, reason }]);
        continue;
      }
      batch.push({ pos: item.pos, row: parsed.row });
      if (batch.length >= size) await send();
    }
    await send();
    await drain();
  } catch (err) {
    if (!isReaderError(err)) {
      // Never leave a batch running behind an error (a dry run's transaction must end after it); the error
      // thrown is this one, a failure of that batch would only be its consequence.
      await drain().catch(() => {});
      throw err;
    }
    await send();
    await drain();
    r.fatal = err.code === 'csv_header' ? err.message : `${source.name}:${err.lines ?? '?'}: ${err.message}`;
  }
  return r;
}

/**
 * The CSV reader's own errors (bad header, broken quoting) end one source, not the whole import. csv-parse names
 * its codes CSV_…, except a quote opening mid-field: INVALID_OPENING_QUOTE.
 */
function isReaderError(err: unknown): err is Error & { code: string; lines?: number } {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && /^(csv|invalid_opening_quote$)/i.test(err.code);
}

/** How many unmatched payments an import run's summary lists per source; `unmatched_payments` counts them all. */
export const summaryListMax = 100;

/**
 * The import_runs record: counts, and per source the first unmatched payments (with their per-currency totals),
 * which the alerts job turns into one finance alert for the run. Rejected rows stay out (the person importing saw
 * them). Amounts become strings: JSON has no bigint.
 * Released allocations (`released`, first ones; `released_allocations` counts them all) are kept the same way.
 */
export function summarize(report: ImportReport): Record<string, unknown> {
  return {
    dry_run: report.dry_run,
    sources: report.sources.map(({ errors: _e, unmatched, released, ...rest }) =>
      bigintsAsStrings({ ...rest, unmatched: unmatched.slice(0, summaryListMax), released: released.slice(0, summaryListMax) })),
  };
}

/** True when every row of every source was accepted. */
export function isClean(report: ImportReport): boolean {
  return report.sources.every((s) => s.rejected === 0 && s.fatal === null);
}
