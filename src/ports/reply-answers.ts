// What answering a customer's reply from chat reads and writes (reply_answers, inbound_replies), and the renderer of
// an answer's words. adapters/postgres/reply-answers.ts implements the store; blocks/email/answer-email.ts the
// renderer, passed in by the wiring so the service never imports a renderer.

/** A stored reply, with what an answer to it needs. */
export interface ReplyToAnswer {
  readonly replyId: bigint;
  /** Null: the reply was never matched to a customer (machine mail, or nobody could place it). */
  readonly customerId: bigint | null;
  readonly customerName: string | null;
  /** The From of the reply, as stored ("Ann <ap@acme.example>"). */
  readonly fromAddress: string | null;
  readonly subject: string | null;
  /** The reminder email the reply answered (matched by token or thread); null when matched by sender. */
  readonly emailId: bigint | null;
  /** That email's subject, for a reply without one. */
  readonly emailSubject: string | null;
  /** Where reminders to this customer send replies: the account manager (sales owner) today, else the email's. */
  readonly usualReplyTo: string | null;
  /** The customer's billing contacts that are not suppressed (bounced, dropped, marked spam). */
  readonly billingEmails: readonly string[];
}

/** An answer to queue (status queued, due at once). */
export interface NewAnswer {
  readonly replyId: bigint;
  readonly customerId: bigint;
  /** "Name <email>" (formatAuthor). */
  readonly sentBy: string;
  readonly body: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly messageId: string;
  readonly replyTo: string | null;
  readonly createdAt: Date;
}

/** An answer claimed for sending (status sending), with the reply's header block for threading. */
export interface ClaimedAnswer {
  readonly answerId: bigint;
  readonly replyId: bigint;
  readonly sentBy: string;
  readonly body: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly messageId: string;
  readonly replyTo: string | null;
  /** Provider attempts so far, this one included. */
  readonly attempts: number;
  readonly replyHeaders: string | null;
}

/** What became of one send (the meanings of the cadence's EmailOutcome: in_doubt is never resent). */
export type AnswerOutcome =
  | { readonly status: 'sent'; readonly provider: string; readonly providerMessageId: string | null; readonly handledBy: string }
  | { readonly status: 'retry'; readonly reason: string; readonly nextAttemptAt: Date }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'in_doubt'; readonly reason: string };

export interface ReplyAnswerStore {
  /** Null when no reply has that id. */
  loadReplyToAnswer(replyId: bigint): Promise<ReplyToAnswer | null>;
  /** Inserts a queued answer (with its audit row); returns its id. */
  insertAnswer(answer: NewAnswer): Promise<bigint>;
  /**
   * Claims the oldest queued answer due at `now` (FOR UPDATE SKIP LOCKED, so two senders never share one): status
   * sending, sending_started_at `now`, one more attempt. Null when none is due.
   */
  claimNextAnswer(now: Date): Promise<ClaimedAnswer | null>;
  /**
   * Records a send's outcome on a sending answer. `sent` also applies to an answer swept in doubt meanwhile (the
   * provider's word wins), and marks the reply handled ('answered', by `handledBy`) unless someone handled it first.
   * Returns the reply the answer belongs to, or null when the answer was no longer there to record.
   */
  recordAnswerOutcome(answerId: bigint, outcome: AnswerOutcome, now: Date): Promise<bigint | null>;
  /** Answers sending since before `now - staleAfterMs` (the process died mid-send) become in_doubt; their replies. */
  sweepStaleAnswers(now: Date, staleAfterMs: number): Promise<bigint[]>;
}

/** Renders the words of an answer (blocks/email/answer-email.ts). */
export type RenderAnswer = (words: { body: string; authorName: string; companyName: string }) => { text: string; html: string };
