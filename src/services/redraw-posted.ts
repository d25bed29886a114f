import type { SubjectRef } from '../domain/subject.js';
import type { ChatMessages } from '../ports/chat-messages.js';
import type { AlertView } from '../views/alert-view.js';
import type { ChatPublisher } from './dispatch-alerts.js';

export interface RedrawPostedDeps {
  readonly messages: ChatMessages;
  /** The current view of a subject; null when it no longer exists (its messages are left). */
  readonly view: (subject: SubjectRef, now: Date) => Promise<AlertView | null>;
  /** One per chat platform of this process; messages of another platform are left to a process that has it. */
  readonly publishers: readonly ChatPublisher[];
}

/**
 * Redraws, in place, every message these subjects were posted as, on the platforms this process publishes to:
 * for a change made outside chat (an answer sent by email), where no click triggers the chat core's redraw.
 * Returns the messages redrawn.
 */
export async function redrawPosted(deps: RedrawPostedDeps, subjects: readonly SubjectRef[], now: Date): Promise<number> {
  let redrawn = 0;
  for (const s of subjects) {
    const view = await deps.view(s, now);
    if (view === null) continue;
    for (const publisher of deps.publishers) {
      for (const m of await deps.messages.messagesOf(publisher.platform, s)) {
        await publisher.publish(s, m.channel, view, null);
        redrawn++;
      }
    }
  }
  return redrawn;
}
