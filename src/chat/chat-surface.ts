import type { SubjectRef } from '../domain/subject.js';
import type { AlertView } from '../views/alert-view.js';
import type { ChatPlatform } from './interaction.js';

/**
 * What the core asks of a chat surface after a change: redraw the messages it posted about a subject. Reading the
 * person, rendering answers and replying privately are the surface's own inbound work (it renders the Outcome).
 */
export interface ChatSurface {
  readonly platform: ChatPlatform;
  /**
   * Redraws every message this surface posted about `subject` with `view` (null: the subject is gone, leave the
   * messages), and posts `threadLine` under each when given.
   */
  redraw(subject: SubjectRef, view: AlertView | null, threadLine: string | null): Promise<void>;
}
