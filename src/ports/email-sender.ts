/** A message ready for a provider: every address, text and header already decided. */
export interface OutgoingEmail {
  readonly from: { readonly email: string; readonly name: string };
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Echoed back by the provider's event webhook; `arbot_email_id` ties events to reminder_emails.id. */
  readonly customArgs: Readonly<Record<string, string>>;
  readonly categories: readonly string[];
  /** Our Message-ID, angle brackets included, recorded on the email so a reply's In-Reply-To finds it; absent: the provider's. */
  readonly messageId?: string;
  /** The Message-ID this email answers (In-Reply-To), angle brackets included; absent for an email starting a thread. */
  readonly inReplyTo?: string;
  /** The thread's Message-IDs, oldest first (References), each with its angle brackets; absent or empty: none. */
  readonly references?: readonly string[];
}

/**
 * What became of one send. The engine relies on the distinction between "never reached the provider"
 * (retry is safe) and "may have been accepted" (never resend; a person decides).
 */
export type SendResult =
  | { readonly outcome: 'sent'; readonly provider: string; readonly messageId: string | null }
  /** Not accepted and safe to try again later (429/5xx after bounded retries, connection refused). */
  | { readonly outcome: 'retry'; readonly reason: string; readonly retryAfterMs: number | null }
  /** Refused for good as it stands (4xx other than 429): the reminder is marked failed. */
  | { readonly outcome: 'rejected'; readonly reason: string; readonly status: number }
  /** The request may have reached the provider (timeout, reset mid-request): never resend automatically. */
  | { readonly outcome: 'unknown'; readonly reason: string };

export interface EmailSender {
  /** "sendgrid" or "outbox", shown in logs and stored with each email. */
  readonly name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
}
