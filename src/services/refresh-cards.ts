import { createHash } from 'node:crypto';
import type { SubjectRef } from '../domain/subject.js';
import type { CardRefreshStore } from '../ports/card-refresh-store.js';
import type { AlertView } from '../views/alert-view.js';
import type { ChatPublisher } from './dispatch-alerts.js';

export interface RefreshCardsDeps {
  readonly store: CardRefreshStore;
  /** The current view of a subject, null when it no longer exists. */
  readonly view: (subject: SubjectRef, now: Date) => Promise<AlertView | null>;
  /** One per chat platform; a card of a platform not configured here is left for a process that has it. */
  readonly publishers: readonly ChatPublisher[];
  /** Cards looked at per run, so a large ledger is spread over runs and the platforms' rate limits hold. */
  readonly batch: number;
}

/** What a card shows is a function of its view: an unchanged view means an unchanged card, left alone. */
const hashOf = (view: AlertView) => createHash('sha256').update(JSON.stringify(view)).digest('hex');

/**
 * Redraws the posted cards of open subjects whose content changed since the job last drew them ("12 days
 * overdue" the next day, a reminder sent meanwhile). Idempotent: a second run at the same instant updates nothing.
 */
export async function refreshPostedCards(deps: RefreshCardsDeps, now: Date): Promise<{ checked: number; updated: number }> {
  const cards = await deps.store.openCards(now, deps.batch);
  let updated = 0;
  for (const card of cards) {
    const publisher = deps.publishers.find((p) => p.platform === card.platform);
    if (!publisher) continue;
    const view = await deps.view(card.subject, now);
    if (view === null) continue;
    const hash = hashOf(view);
    if (hash !== card.viewHash) {
      await publisher.publish(card.subject, card.channel, view, null);
      updated++;
    }
    await deps.store.checked(card, hash, now);
  }
  return { checked: cards.length, updated };
}
