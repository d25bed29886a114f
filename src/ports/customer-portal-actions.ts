import type { Parties } from '../domain/rights/chat-rights.js';
import type { SendStatementOutcome } from '../services/send-statement.js';

/** What the customer view's portal buttons need ("Send statement", "Revoke portal links"). */
export interface CustomerPortalActions {
  /** The customer's owners, by ERP id; null when no such customer. */
  parties(customerExternalId: string): Promise<Parties | null>;
  sendStatement(customerExternalId: string, requestedBy: string, asOf: Date): Promise<SendStatementOutcome>;
  /** The new key version, or null when no such customer. */
  rotate(customerExternalId: string, actor: string): Promise<number | null>;
}
