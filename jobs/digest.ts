import { dispatchAlerts, type DispatchDeps } from '../src/services/dispatch-alerts.js';
import { raiseWeeklyDigest, type DigestDeps } from '../src/services/weekly-digest.js';
import type { Job } from './job.js';

export interface DigestJobDeps {
  readonly digest: DigestDeps;
  readonly dispatch: DispatchDeps | null;
}

/** The weekly digest to the finance channel: KPIs and their move, the week's activity, disputes by age. */
export function digestJob(schedule: string): Job<DigestJobDeps> {
  return {
    name: 'digest',
    schedule,
    description: 'post the weekly digest to the finance channel (KPIs and their move over the week, activity, disputes by age)',
    async run(deps, now) {
      const raised = await raiseWeeklyDigest(deps.digest, now);
      const posted = deps.dispatch ? await dispatchAlerts(deps.dispatch, now) : null;
      return { ...raised, ...(posted ? { posted: posted.delivered, retried: posted.retried, dead: posted.dead } : {}) };
    },
  };
}
