import { dispatchAlerts, type DispatchDeps } from '../src/services/dispatch-alerts.js';
import { raiseMonthlyReview, type MonthlyReviewDeps } from '../src/services/monthly-review.js';
import type { Job } from './job.js';

export interface MonthlyReviewJobDeps {
  readonly review: MonthlyReviewDeps;
  readonly dispatch: DispatchDeps | null;
}

/**
 * The monthly top-account review to the finance channel. Scheduled every weekday morning; it posts only on the
 * first business day of the month, for the month before, once.
 */
export function monthlyReviewJob(schedule: string): Job<MonthlyReviewJobDeps> {
  return {
    name: 'monthly-review',
    schedule,
    description: 'on the first business day of the month, post the previous month\'s top-account review (/review) to the finance channel',
    async run(deps, now) {
      const raised = await raiseMonthlyReview(deps.review, now);
      const posted = deps.dispatch ? await dispatchAlerts(deps.dispatch, now) : null;
      return { ...raised, ...(posted ? { posted: posted.delivered, retried: posted.retried, dead: posted.dead } : {}) };
    },
  };
}
