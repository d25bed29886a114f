import type { FeeStore } from '../../src/ports/fees.js';
import type { Sql } from './connect.js';
import { referenceRates, saveReferenceRates } from './fee-rates.js';
import { customerExists, lateInvoices } from './fee-late-invoices.js';
import { customRules, saveCustomRule } from './fee-rules.js';

export function postgresFeeStore(sql: Sql): FeeStore {
  return {
    customRules: () => customRules(sql),
    saveCustomRule: (rule, actor) => saveCustomRule(sql, rule, actor),
    rates: () => referenceRates(sql),
    saveRates: (rates) => saveReferenceRates(sql, rates),
    lateInvoices: (asOf, customer) => lateInvoices(sql, asOf, customer),
    customerExists: (externalId) => customerExists(sql, externalId),
  };
}
