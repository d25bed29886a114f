import { dispatchAlerts, type DispatchDeps } from '../src/services/dispatch-alerts.js';
import { disputeSlaHours } from '../src/domain/disputes/dispute-sla.js';
import type { Job } from './job.js';

export interface SlaJobDeps {
  /** Escalates disputes unresolved `slaHours` after they opened; returns how many. */
  readonly escalate: (now: Date, slaHours: number) => Promise<number>;
  readonly dispatch: DispatchDeps | null;
}

/** The 48-hour dispute SLA on its own schedule (the alerts job checks it too, every minute by default). */
export function slaJob(schedule: string): Job<SlaJobDeps> {
  return {
    name: 'sla',
    schedule,
    description: 'escalate disputes unresolved 48 hours after they opened to priority 1, once, and tell their owner and finance',
    async run(deps, now) {
      const escalated = await deps.escalate(now, disputeSlaHours);
      const posted = deps.dispatch ? await dispatchAlerts(deps.dispatch, now) : null;
      return { escalated, ...(posted ? { posted: posted.delivered, retried: posted.retried, dead: posted.dead } : {}) };
    },
  };
}
