import type { SubjectRef } from '../domain/subject.js';

/** Where arbot posted a subject's message on a platform: the channel (conversation) and the platform's message id. */
export interface PostedMessage {
  readonly channel: string;
  readonly ref: string;
  /** The message it was posted under (a customer reply under its invoice's message); null for a message on its own. */
  readonly thread: string | null;
}

/**
 * The messages arbot posted, per platform ('slack', 'teams', 'local'): one per subject per channel, so a subject is
 * updated in place instead of posted again.
 */
export interface ChatMessages {
  messagesOf(platform: string, subject: SubjectRef): Promise<PostedMessage[]>;
  messageIn(platform: string, subject: SubjectRef, channel: string): Promise<string | null>;
  /** Records the message a subject got in a channel (the post already happened: this never fails on a duplicate). */
  remember(platform: string, subject: SubjectRef, channel: string, ref: string, thread?: string | null): Promise<void>;
  /** The subject of a message arbot posted (a click re-checks this rather than trust its value); null otherwise. */
  subjectOf(platform: string, channel: string, ref: string): Promise<SubjectRef | null>;
}
