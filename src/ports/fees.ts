import type { CalendarDate } from '../domain/calendar-date.js';
import type { LateInvoice } from '../domain/fees/fee-preview.js';
import type { LateFeeRule } from '../domain/fees/late-fee-rule.js';
import type { ReferenceRate } from '../domain/fees/reference-rate.js';

/** What the late-fee use cases read and write: custom rules, reference rates, and late invoices as of a day. */
export interface FeeStore {
  /** Custom rules by name (the built-in ones live in code); a stored definition that no longer parses is an error. */
  customRules(): Promise<Map<string, LateFeeRule>>;
  saveCustomRule(rule: LateFeeRule, actor: string): Promise<void>;
  rates(): Promise<ReferenceRate[]>;
  /** Inserts or replaces rates by (series, valid_from); returns how many rows were new and how many changed. */
  saveRates(rates: readonly ReferenceRate[]): Promise<{ inserted: number; updated: number; unchanged: number }>;
  /** Invoices due before `asOf` and issued on or before it, with payments and credit notes dated on or before it. */
  lateInvoices(asOf: CalendarDate, customerExternalId: string | null): Promise<LateInvoice[]>;
  customerExists(externalId: string): Promise<boolean>;
}
