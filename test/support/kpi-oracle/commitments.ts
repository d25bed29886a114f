import type { CalendarDate } from '../../../src/domain/calendar-date.js';
import type { CommitmentTotals } from '../../../src/domain/kpi/commitments.js';
import { isOpenAt, remainingAt, type KpiInvoice } from './kpi-ledger.js';

/** A payment plan or a promise covering an invoice, by calendar dates in the company's zone (end null: still on). */
export interface CommitmentSpan {
  readonly from: CalendarDate;
  readonly until: CalendarDate | null;
}

/** An invoice with the plans it was in and the promises logged on it (`amountMinor` null: the whole amount). */
export interface CommittedInvoice extends KpiInvoice {
  readonly plans: readonly CommitmentSpan[];
  /** Oldest first: the latest one active at D counts. */
  readonly promises: readonly (CommitmentSpan & { readonly amountMinor: bigint | null })[];
}

const activeAt = (s: CommitmentSpan, d: CalendarDate) => s.from <= d && (s.until === null || s.until > d);

/** The twin of adapters/postgres/kpi-commitments.ts, literally from the definitions in src/domain/kpi/commitments.ts. */
export function computeCommitments(invoices: readonly CommittedInvoice[], currency: string, d: CalendarDate): CommitmentTotals {
  let inPaymentPlan = 0n;
  let promised = 0n;
  for (const i of invoices) {
    if (i.currency !== currency || !isOpenAt(i, d)) continue;
    const rem = remainingAt(i, d);
    if (i.plans.some((p) => activeAt(p, d))) inPaymentPlan += rem;
    const promise = i.promises.filter((p) => activeAt(p, d)).at(-1);
    if (promise) promised += promise.amountMinor === null || promise.amountMinor > rem ? rem : promise.amountMinor;
  }
  return { inPaymentPlan, promised };
}
