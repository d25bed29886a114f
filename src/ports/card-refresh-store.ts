import type { SubjectRef } from '../domain/subject.js';

/** A posted card of an open subject (an unpaid invoice's overdue or delivery card, an open dispute's). */
export interface PostedCard {
  readonly platform: string;
  readonly subject: SubjectRef;
  readonly channel: string;
  /** The hash of the view last drawn by the refresh job; null before its first look. */
  readonly viewHash: string | null;
}

export interface CardRefreshStore {
  /** At most `limit` posted cards of open subjects, the longest unchecked first. */
  openCards(now: Date, limit: number): Promise<PostedCard[]>;
  /** Records a look at a card, and the hash of the view it now shows. */
  checked(card: PostedCard, viewHash: string, now: Date): Promise<void>;
}
