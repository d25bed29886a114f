import type { LedgerKind, RowsByKind } from '../../src/domain/import/ledger-rows.js';
import type { BatchOutcome, ImportContext, LedgerImportStore, Positioned, UpsertBatch } from '../../src/ports/ledger-import.js';
import { allocatePayments, referenceTokens } from '../../src/services/allocate-payments.js';
import type { Sql } from './connect.js';
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

async function upsertPaymentsAndAllocate(
  tx: Sql,
  batch: readonly Positioned<RowsByKind['payments']>[],
  ctx: ImportContext,
): Promise<BatchOutcome> {
  await lockAllocations(tx);
  // A dry run keeps this for its remaining sources (credit notes, disputes): key lookups too, so no harm.
  await preferIndexLookups(tx);
  const res = await upsertPayments(tx, batch, ctx);
  // Re-importing a payment that could not be matched before tries again: its invoice may have arrived since.
  const open = await unallocatedPayments(tx, batch.map((b) => b.row.external_id));
  const candidates = await matchCandidates(tx, open.map((p) => ({
    customerId: p.customer_id,
    currency: p.currency,
    amount: p.unallocated_minor,
    numbers: [...(p.invoice_number ? [p.invoice_number] : []), ...referenceTokens(p.reference)],
    hasInvoiceNumber: Boolean(p.invoice_number?.trim()),
  })));
  const { allocations, unmatched } = allocatePayments(open, candidates);
  await insertAllocations(tx, allocations, ctx);
  const posById = new Map(batch.map((b) => [b.row.external_id, b.pos]));
  return {
    ...res,
    unmatched: unmatched.map((u) => ({
      pos: posById.get(u.payment.external_id) ?? 0,
      external_id: u.payment.external_id,
      customer_external_id: u.payment.customer_external_id,
      currency: u.payment.currency,
      unallocated_minor: u.payment.unallocated_minor,
      reason: u.reason,
    })),
  };
}

function upserter(tx: Sql): UpsertBatch {
  return async <K extends LedgerKind>(kind: K, batch: readonly Positioned<RowsByKind[K]>[], ctx: ImportContext) => {
    const b = batch as readonly Positioned<never>[];
    switch (kind) {
      case 'owners': return upsertOwners(tx, b, ctx);
      case 'customers': return upsertCustomers(tx, b, ctx);
      case 'invoices': return upsertInvoices(tx, b, ctx);
      case 'payments': return upsertPaymentsAndAllocate(tx, b, ctx);
      case 'credit_notes': return upsertCreditNotes(tx, b, ctx);
      case 'disputes': return upsertDisputes(tx, b, ctx);
      default: throw new Error(`unknown ledger kind ${String(kind)}`);
    }
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
          const value = await work(upserter(tx as unknown as Sql));
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
