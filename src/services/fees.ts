import type { CalendarDate } from '../domain/calendar-date.js';
import { builtInRules } from '../domain/fees/built-in-rules.js';
import { previewFees, type FeePreview } from '../domain/fees/fee-preview.js';
import type { LateFeeRule } from '../domain/fees/late-fee-rule.js';
import type { ReferenceRate } from '../domain/fees/reference-rate.js';
import type { FeeStore } from '../ports/fees.js';

/** Every rule by name: the built-in ones, then the custom ones loaded (which cannot take a built-in name). */
export async function allLateFeeRules(store: FeeStore): Promise<Map<string, LateFeeRule>> {
  return new Map([...builtInRules, ...(await store.customRules())]);
}

export type PreviewOutcome = { ok: true; preview: FeePreview } | { ok: false; reason: 'no_such_customer' };

/**
 * What the late-payment rules would allow to claim as of a day, per late invoice: read-only, nothing is recorded,
 * charged or added to an invoice or a KPI.
 */
export async function previewLateFees(store: FeeStore, asOf: CalendarDate, customerExternalId: string | null): Promise<PreviewOutcome> {
  if (customerExternalId !== null && !(await store.customerExists(customerExternalId))) return { ok: false, reason: 'no_such_customer' };
  const [rules, rates, invoices] = await Promise.all([allLateFeeRules(store), store.rates(), store.lateInvoices(asOf, customerExternalId)]);
  const bySeries = new Map<string, ReferenceRate[]>();
  for (const r of rates) bySeries.set(r.series, [...(bySeries.get(r.series) ?? []), r]);
  return { ok: true, preview: previewFees(invoices, rules, bySeries, asOf) };
}
