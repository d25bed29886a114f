import type { NewAlert } from '../domain/alerts.js';
import type { EmailEvent } from '../domain/sendgrid-events.js';

/** An event written for the first time, with our email and customer when the event could be tied to them. */
export interface InsertedEmailEvent {
  readonly sgEventId: string;
  readonly emailId: bigint | null;
  readonly customerId: bigint | null;
}

export interface NewSuppression {
  /** Lower-cased. */
  readonly email: string;
  readonly event: string;
  readonly reason: string;
}

export interface EmailEventUnit {
  /**
   * Inserts events not seen before (by sg_event_id) and returns only those. The email id is kept only when that
   * reminder email exists; else the event is matched by provider message id, else left unmatched. A delivered, open
   * or click event recorded now settles, audited, the email it names if its send ended in doubt (a reminder and its
   * late-payment charges, a payment plan's email, an answer, a statement): sent after all.
   */
  insertNew(events: readonly EmailEvent[]): Promise<InsertedEmailEvent[]>;
  /** Adds addresses to the suppression list (again, if a person had cleared them); returns how many changed. */
  suppress(list: readonly NewSuppression[]): Promise<number>;
  raiseAlert(alert: NewAlert): Promise<boolean>;
}

export interface EmailEventStore {
  /** One transaction: a batch is recorded whole or not at all, so SendGrid's retry of a failed batch is safe. */
  unit<T>(work: (u: EmailEventUnit) => Promise<T>): Promise<T>;
}
