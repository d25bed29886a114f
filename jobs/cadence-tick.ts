import { runCadenceTick, type CadenceDeps } from '../src/services/cadence-tick.js';
import type { Job } from './job.js';

/** Sends the customer reminders that are due; default every 15 minutes (CADENCE_SCHEDULE). */
export function cadenceTickJob(schedule: string): Job<CadenceDeps> {
  return {
    name: 'cadence',
    schedule,
    description: 'plan, claim and send the customer reminders that are due',
    async run(deps, now) {
      const r = await runCadenceTick(deps, now);
      return {
        considered: r.considered, claimed: r.claimed, awaiting_approval: r.awaiting_approval, sent: r.sent,
        retried: r.retried, failed: r.failed, in_doubt: r.in_doubt, outside_cohort: r.outside_cohort,
        promises_broken: r.promises.broken,
      };
    },
  };
}
