import type { CadenceCandidate, CadenceStore } from '../../src/ports/cadence-store.js';
import { raiseAlert } from './alerts.js';
import { cadenceCandidates } from './cadence-candidates.js';
import { loadHolidays, loadPolicies } from './cadence-policies.js';
import type { Sql } from './connect.js';
import { sweepPromises } from './promise-sweep.js';
import { claimReminders } from './reminder-claims.js';
import { dueEmailIds, recordOutcome, startSending, sweepStaleSending } from './reminder-sends.js';

export function postgresCadenceStore(sql: Sql): CadenceStore {
  return {
    loadPolicies: () => loadPolicies(sql),
    loadHolidays: () => loadHolidays(sql),
    async *candidates(now, today, from, to) {
      // A cursor keeps memory flat however large the window is.
      for await (const rows of cadenceCandidates(sql, now, today, from, to).cursor(1000)) {
        yield* rows as CadenceCandidate[];
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
