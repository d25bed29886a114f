import type { Parties } from '../domain/rights/chat-rights.js';
import type { SubjectRef } from '../domain/subject.js';

/** A customer's credit as the credit actions need it: whose it is (for the rights), its limit and its hold. */
export interface CreditState {
  readonly customerId: bigint;
  /** Its ERP id, which names its /ar view (redrawn for the person who acted there); absent from older stores. */
  readonly customerExternalId?: string;
  readonly parties: Parties;
  readonly limitMinor: bigint | null;
  readonly limitCurrency: string | null;
  /** The hold in force; null: none. */
  readonly hold: { readonly id: bigint; readonly reason: string } | null;
}

/** Who acts, as a write records them: their owner row and their audit label (email). */
export interface CreditActor {
  readonly ownerId: bigint;
  readonly label: string;
}

/** Writes of the credit actions (issue 19). Each write appends its audit row in the same transaction. */
export interface CreditActionStore {
  /** The credit of the customer a credit alert is about; null when the alert (or its customer) is gone. */
  creditOfAlert(alertId: bigint): Promise<CreditState | null>;
  /** The credit of a customer by database id (its /ar view's "Set credit limit"); null when it is gone. */
  creditOfCustomer(customerId: bigint): Promise<CreditState | null>;
  /** Puts the customer on credit hold; `alreadyHeld` when a hold is in force (one at a time). */
  setCreditHold(customerId: bigint, reason: string, actor: CreditActor): Promise<'set' | 'already_held'>;
  /** Releases the hold in force; false when there is none (released meanwhile). */
  releaseCreditHold(customerId: bigint, actor: CreditActor): Promise<boolean>;
  /** Sets the customer's credit limit; returns the limit it replaced (null: none). */
  setCreditLimit(customerId: bigint, minor: bigint, currency: string, actor: CreditActor): Promise<{ minor: bigint; currency: string } | null>;
  /** The messages that show this customer's credit: its credit alerts and its invoices' overdue cards. */
  creditSubjects(customerId: bigint): Promise<SubjectRef[]>;
}
