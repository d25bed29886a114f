import { raiseAlerts, type AlertProducers, type AlertSettings } from '../src/services/raise-alerts.js';
import type { Job } from './job.js';

export interface AlertJobDeps {
  readonly producers: AlertProducers;
  readonly settings: AlertSettings;
}

/** Raises alerts for overdue, disputed, incomplete and unmatched items, and escalates disputes past the SLA. */
export function alertsJob(schedule: string): Job<AlertJobDeps> {
  return {
    name: 'alerts',
    schedule,
    description: 'raise alerts from the ledger (overdue, disputes, SLA, incomplete, unmatched payments)',
    run: async (deps, now) => ({ ...(await raiseAlerts(deps.producers, deps.settings, now)) }),
  };
}
