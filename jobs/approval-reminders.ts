import { dispatchAlerts, type DispatchDeps } from '../src/services/dispatch-alerts.js';
import type { Job } from './job.js';

export interface ApprovalReminderJobDeps {
  /** Raises a reminder for each approval undecided `delayHours` after it was requested; returns how many. */
  readonly remind: (now: Date, delayHours: number) => Promise<number>;
  readonly delayHours: number;
  readonly dispatch: DispatchDeps | null;
}

/** Reminds account managers of approval-gated reminders they have not decided, once, after the delay. */
export function approvalRemindersJob(schedule: string): Job<ApprovalReminderJobDeps> {
  return {
    name: 'approval-reminders',
    schedule,
    description: 'remind account managers of escalations still waiting for their approval after APPROVAL_REMINDER_HOURS',
    async run(deps, now) {
      const reminded = await deps.remind(now, deps.delayHours);
      const posted = deps.dispatch ? await dispatchAlerts(deps.dispatch, now) : null;
      return { reminded, ...(posted ? { posted: posted.delivered, retried: posted.retried, dead: posted.dead } : {}) };
    },
  };
}
