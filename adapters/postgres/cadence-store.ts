import type { CadenceCandidate, CadenceStore } from '../../src/ports/cadence-store.js';
import { raiseAlert } from './alerts.js';
import { cadenceCandidates } from './cadence-candidates.js';
import { loadHolidays, loadPolicies } from './cadence-policies.js';
import type { Sql } from './connect.js';
import { sweepPromises } from './promise-sweep.js';
import { claimReminders } from './reminder-claims.js';
import { dueEmailIds, recordOutcome, startSending, sweepStaleSending } from './reminder-sends.js';

export function postgresCadenceStore(sql: Sql, opts: { pageSize?: number } = {}): CadenceStore {
  return {
    loadPolicies: () => loadPolicies(sql),
    loadHolidays: () => loadHolidays(sql),
    async *candidates(now, today, from, to) {
      // Keyset pages by customer, each a query of its own: memory stays flat, and no cursor holds the connection
      // (the embedded database has one) while the caller claims what it planned.
      const limit = opts.pageSize ?? 5000;
      let after = 0n;
      for (;;) {
        const rows = (await cadenceCandidates(sql, now, today, from, to, { afterCustomer: after, limit })) as CadenceCandidate[];
        if (rows.length === 0) return;
        if (rows.length < limit) {
          yield* rows;
          return;
        }
        const last = rows[rows.length - 1]!.customer_id;
        const complete = rows.filter((r) => r.customer_id !== last);
        yield* complete;
        // The page may have cut the last customer short: fetch that customer whole.
        yield* (await cadenceCandidates(sql, now, today, from, to, { afterCustomer: 0n, limit: null, onlyCustomer: last })) as CadenceCandidate[];
        after = last;
      }
    },
    claim: (plans, now) => claimReminders(sql, plans, now),
    async requestApprovals(claims, now) {
      for (const c of claims) {
        if (c.status !== 'awaiting_approval') continue;
        await raiseAlert(sql, {
          kind: 'approval_requested', dedupeKey: `approval_requested:${c.emailId}`, customerId: c.plan.customerId,
          emailId: c.emailId, details: { policy: c.plan.policy, step: c.plan.step.key, invoices: c.invoiceIds.length },
          raisedAt: now,
        });
      }
    },
    sweepPromises: (now, grace) => sweepPromises(sql, now, grace),
    sweepStaleSending: (now, ms) => sweepStaleSending(sql, now, ms),
    dueEmailIds: (now, limit) => dueEmailIds(sql, now, limit),
    startSending: (id, now) => startSending(sql, id, now),
    recordOutcome: (id, outcome, now) => recordOutcome(sql, id, outcome, now),
  };
}
