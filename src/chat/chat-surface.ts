import type { SubjectRef } from '../domain/subject.js';
import type { AlertView } from '../views/alert-view.js';
import type { ChatPlatform } from './interaction.js';

/**
 * What a chat surface does for the core, in two halves.
 * - Per interaction (inbound): it identifies the person (a `ChatPerson`, src/chat/interaction.ts, whose `email()`
 *   asks the platform), decodes the action, and renders the `Outcome` the core returns: replies privately to a
 *   refusal, opens a form, shows a view, says nothing to a repeat. Returning the outcome, rather than calling the
 *   surface back, lets each platform keep its own timing (Slack's modal ack carries the error; Teams answers the
 *   invoke with the card).
 * - Per change (outbound, this interface): it redraws the messages it posted about a subject, on whichever surface
 *   the change was made.
 */
export interface ChatSurface {
  readonly platform: ChatPlatform;
  /**
   * Redraws every message this surface posted about `subject` with `view` (null: the subject is gone, leave the
   * messages), and posts `threadLine` under each when given.
   */
  redraw(subject: SubjectRef, view: AlertView | null, threadLine: string | null): Promise<void>;
}
