import { dispatchAlerts, type DispatchDeps } from '../src/services/dispatch-alerts.js';
import { raiseAlerts, type AlertProducers, type AlertSettings } from '../src/services/raise-alerts.js';
import type { Job } from './job.js';

export interface AlertJobDeps {
  readonly producers: AlertProducers;
  readonly settings: AlertSettings;
  /** Set when a chat platform is configured; without one, alerts wait in the database. */
  readonly dispatch: DispatchDeps | null;
}

/** Raises alerts from the ledger (and escalates disputes past the SLA), then posts what is due to chat. */
export function alertsJob(schedule: string): Job<AlertJobDeps> {
  return {
    name: 'alerts',
    schedule,
    description: 'raise alerts from the ledger (overdue, disputes, SLA, incomplete, import runs to review) and post them, most urgent first',
    async run(deps, now) {
      const raised = await raiseAlerts(deps.producers, deps.settings, now);
      const posted = deps.dispatch ? await dispatchAlerts(deps.dispatch, now) : null;
      return { ...raised, ...(posted ? { posted: posted.delivered, retried: posted.retried, dead: posted.dead } : {}) };
    },
  };
}
