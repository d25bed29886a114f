import { refreshPostedCards, type RefreshCardsDeps } from '../src/services/refresh-cards.js';
import type { Job } from './job.js';

/** Keeps posted cards current: days overdue, last reminder and dispute age change without anyone clicking. */
export function refreshCardsJob(schedule: string): Job<RefreshCardsDeps> {
  return {
    name: 'refresh-cards',
    schedule,
    description: 'redraw the posted cards of unpaid invoices and open disputes whose content changed (days overdue, last reminder), a bounded batch per run',
    async run(deps, now) {
      return refreshPostedCards(deps, now);
    },
  };
}
