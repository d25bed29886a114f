import type { ContactEmail, SentEmail } from '../domain/replies/bounce-events.js';

/** Finding the reminder email a bounce that came back as mail returns. Its effects go through EmailEventStore. */
export interface BounceReplyStore {
  /** The reminder email whose Message-ID (reminder_emails.message_id) this is, or null. */
  emailByMessageId(messageId: string): Promise<SentEmail | null>;
  /**
   * Every customer whose billing contacts hold `address` (lower case), each with its latest reminder email sent to
   * that address (To or Cc) at or before `sentBy`.
   */
  contactEmails(address: string, sentBy: Date): Promise<ContactEmail[]>;
}
