import type { CadenceStore } from '../../src/ports/cadence-store.js';
import { candidatePages, pageCandidates } from './cadence-candidates.js';
import { loadHolidays, loadPolicies } from './cadence-policies.js';
import type { Sql } from './connect.js';
import { sweepPromises } from './promise-sweep.js';
import { claimReminders } from './reminder-claims.js';
import { dueEmailIds, recordOutcome, startSending, sweepStaleSending } from './reminder-sends.js';

/**
 * Invoices per candidate page. Small pages die young: a page and its emails are garbage before the young generation
 * promotes them, so the old generation hardly grows (benchmark peak RSS: 259 MB at 2000, 325 MB at 5000).
 */
const PAGE_SIZE = 2000;

/** `templateNames`: the email templates loaded; a policy whose step variant names another one is refused at load. */
export function postgresCadenceStore(sql: Sql, options: { templateNames?: readonly string[] } = {}): CadenceStore {
  return {
    loadPolicies: () => loadPolicies(sql, options),
    loadHolidays: () => loadHolidays(sql),
    async *candidatePages(now, today, from, to) {
      const w = { now, today, from, to };
      // Each page is read whole before it is yielded, never through an open cursor: the caller claims between
      // pages, and the embedded database has a single connection.
      for (const page of await candidatePages(sql, w, PAGE_SIZE)) yield await pageCandidates(sql, w, page);
    },
    claim: (plans, now) => claimReminders(sql, plans, now),
    sweepPromises: (now, grace) => sweepPromises(sql, now, grace),
    sweepStaleSending: (now, ms) => sweepStaleSending(sql, now, ms),
    dueEmailIds: (now, limit) => dueEmailIds(sql, now, limit),
    startSending: (id, now) => startSending(sql, id, now),
    recordOutcome: (id, outcome, now) => recordOutcome(sql, id, outcome, now),
  };
}
