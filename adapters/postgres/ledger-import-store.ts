import type { LedgerKind, RowsByKind } from '../../src/domain/import/ledger-rows.js';
import type {
  BatchOutcome, ImportContext, ImportUnit, LedgerImportStore, Positioned, ReleasedAllocation, StoredBatch, UpsertBatch,
} from '../../src/ports/ledger-import.js';
import { releaseForInvoices, releaseForPayments, type ReleasedBy } from './allocation-releases.js';
import type { Sql } from './connect.js';
import {
  regrantDiscountsForInvoices, regrantDiscountsForPayments, withdrawDiscountsForInvoices, withdrawDiscountsForPayments,
} from './discount-releases.js';
import { upsertCreditNotes } from './credit-notes.js';
import { upsertCustomers } from './customers.js';
import { upsertDisputes } from './disputes.js';
import { upsertInvoices } from './invoices.js';
import { upsertOwners } from './owners.js';
import { insertAllocations, lockAllocations, matchCandidates, preferIndexLookups, unallocatedPayments, upsertPayments } from './payments.js';

class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

/** The report's lines for releases: each at the position of the imported row that caused it. */
function releasedAt(released: readonly ReleasedBy[], posOf: ReadonlyMap<string, number>): ReleasedAllocation[] {
  return released.map(({ by, ...r }) => ({ pos: posOf.get(by) ?? 0, external_id: by, ...r }));
}

async function upsertPaymentsAndAllocate(
  tx: Sql,
  batch: readonly Positioned<RowsByKind['payments']>[],
  ctx: ImportContext,
): Promise<StoredBatch> {
  await lockAllocations(tx);
  // A dry run keeps this for its remaining sources (credit notes, disputes): key lookups too, so no harm.
  await preferIndexLookups(tx);
  const { updatedIds, ...res } = await upsertPayments(tx, batch, ctx);
  // A payment lowered below what it settled, or moved to another customer or currency, gives back what no longer
  // fits; the import then matches its unallocated money again (rematch), as for any payment of the batch.
  // A discount the change no longer supports goes first (discount-releases.ts): the payment's cash then stays put.
  const withdrawn = await withdrawDiscountsForPayments(tx, updatedIds, ctx);
  const released = [...withdrawn, ...await releaseForPayments(tx, updatedIds, ctx)];
  // A payment moved back into the window (or raised again) restores a discount withdrawn earlier, where it fits.
  await regrantDiscountsForPayments(tx, updatedIds, ctx);
  const posById = new Map(batch.map((b) => [b.row.external_id, b.pos]));
  // Re-importing a payment that could not be matched before tries again: its invoice may have arrived since.
  const rematch = batch.map((b) => ({ externalId: b.row.external_id, pos: b.pos }));
  return { ...res, released: releasedAt(released, posById), rematch };
}

async function upsertInvoicesAndRelease(
  tx: Sql,
  batch: readonly Positioned<RowsByKind['invoices']>[],
  ctx: ImportContext,
): Promise<StoredBatch> {
  // Releasing and matching again write allocations: serialized with payment batches like any allocation. Taken
  // before the upsert, whose settlement refresh locks rows a payment batch may be waiting on (no deadlock).
  await lockAllocations(tx);
  const { updatedIds, ...res } = await upsertInvoices(tx, batch, ctx);
  if (updatedIds.length === 0) return res;
  await preferIndexLookups(tx);
  // An invoice moved to another customer or currency, or lowered below what was applied, gives back the payments
  // that no longer fit; the import matches those payments again (they may settle another invoice of their customer).
  const withdrawn = await withdrawDiscountsForInvoices(tx, updatedIds, ctx);
  const released = await releaseForInvoices(tx, updatedIds, ctx);
  // An invoice changed back to what its discount was granted on gets that discount again (discount-releases.ts).
  await regrantDiscountsForInvoices(tx, updatedIds, ctx);
  const posById = new Map(batch.map((b) => [b.row.external_id, b.pos]));
  const releasedBy = new Map<string, number>();
  for (const r of released) if (!releasedBy.has(r.payment_external_id)) releasedBy.set(r.payment_external_id, posById.get(r.by) ?? 0);
  const rematch = [...releasedBy].map(([externalId, pos]) => ({ externalId, pos }));
  return { ...res, released: releasedAt([...withdrawn, ...released], posById), rematch };
}

async function upsertCreditNotesWithinInvoices(
  tx: Sql,
  batch: readonly Positioned<RowsByKind['credit_notes']>[],
  ctx: ImportContext,
): Promise<BatchOutcome> {
  // What an invoice still owes must not change between the check and the write: no payment batch meanwhile.
  await lockAllocations(tx);
  return upsertCreditNotes(tx, batch, ctx);
}

function upserter(tx: Sql): UpsertBatch {
  return async <K extends LedgerKind>(kind: K, batch: readonly Positioned<RowsByKind[K]>[], ctx: ImportContext) => {
    const b = batch as readonly Positioned<never>[];
    switch (kind) {
      case 'owners': return upsertOwners(tx, b, ctx);
      case 'customers': return upsertCustomers(tx, b, ctx);
      case 'invoices': return upsertInvoicesAndRelease(tx, b, ctx);
      case 'payments': return upsertPaymentsAndAllocate(tx, b, ctx);
      case 'credit_notes': return upsertCreditNotesWithinInvoices(tx, b, ctx);
      case 'disputes': return upsertDisputes(tx, b, ctx);
      default: throw new Error(`unknown ledger kind ${String(kind)}`);
    }
  };
}

/**
 * One transaction's unit of work: the batch's upserts, then the allocation steps the import runs in the same
 * transaction (src/services/allocate-payments.ts allocateAgain), behind the locks the upsert took.
 */
function importUnit(tx: Sql): ImportUnit {
  return {
    upsert: upserter(tx),
    unallocatedPayments: (externalIds) => unallocatedPayments(tx, externalIds),
    matchCandidates: (wanted) => matchCandidates(tx, wanted),
    insertAllocations: (allocations, ctx) => insertAllocations(tx, allocations, ctx),
  };
}

const analyzed: Record<LedgerKind, string[]> = {
  owners: ['owners'], customers: ['customers'], invoices: ['invoices', 'invoice_settlements'], payments: ['payments', 'payment_allocations'],
  credit_notes: ['credit_notes'], disputes: ['disputes'],
};

export function postgresImportStore(sql: Sql): LedgerImportStore {
  return {
    async analyze(kind) {
      // Autovacuum may be off or late right after a bulk load; without statistics the next source's lookups scan.
      for (const table of analyzed[kind]) await sql.unsafe(`ANALYZE ${table}`);
    },
    async startRun(source, actor) {
      const [r] = await sql<{ id: bigint }[]>`INSERT INTO import_runs (source, actor) VALUES (${source}, ${actor}) RETURNING id`;
      return r!.id;
    },
    async finishRun(runId, summary) {
      await sql`UPDATE import_runs SET finished_at = now(), summary = ${sql.json(summary as never)} WHERE id = ${runId.toString()}`;
    },
    async unit(work, opts) {
      try {
        return (await sql.begin(async (tx) => {
          const value = await work(importUnit(tx as unknown as Sql));
          // A dry run never commits: run the ledger's checks deferred to commit (migration 011) now, so it fails
          // where the real import would.
          if (opts?.rollback) await tx`SET CONSTRAINTS ALL IMMEDIATE`;
          if (opts?.rollback) throw new Rollback(value);
          return value;
        })) as Awaited<ReturnType<typeof work>>;
      } catch (err) {
        if (err instanceof Rollback) return err.value as Awaited<ReturnType<typeof work>>;
        throw err;
      }
    },
  };
}
