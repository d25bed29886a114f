import type { CurrencyPaymentMethods } from '../domain/payment-methods/payment-methods-file.js';
import type { PaymentDetailsInForce } from '../domain/payment-methods/how-to-pay.js';

// Payment details per currency (migration 027): what is in force, what waits for a finance approver, and the
// decision. adapters/postgres/payment-methods.ts implements it.

export type BankChangeStatus = 'pending' | 'approved' | 'refused' | 'superseded' | 'applied';

export interface BankChange {
  readonly id: bigint;
  readonly currency: string;
  readonly before: CurrencyPaymentMethods | null;
  readonly after: CurrencyPaymentMethods;
  readonly accountChanged: boolean;
  readonly status: BankChangeStatus;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly decisionNote: string | null;
  /** The chat alert that asks finance to decide, once raised. */
  readonly alertId: bigint | null;
}

export interface CurrentPaymentDetails extends PaymentDetailsInForce {
  readonly updatedAt: Date;
}

/** What one currency of a load came to. */
export type LoadedCurrency =
  | { readonly currency: string; readonly outcome: 'added' | 'unchanged' }
  | { readonly currency: string; readonly outcome: 'pending'; readonly changeId: bigint; readonly accountChanged: boolean; readonly replaced: bigint | null }
  | { readonly currency: string; readonly outcome: 'already_pending'; readonly changeId: bigint };

export interface PaymentMethodsStore {
  /** Every currency's details in force. */
  current(): Promise<ReadonlyMap<string, CurrentPaymentDetails>>;
  /** Changes waiting for a finance approver, oldest first. */
  pending(): Promise<readonly BankChange[]>;
  change(id: bigint): Promise<BankChange | null>;
  /**
   * Loads a whole file in one transaction: new currencies take effect, identical ones are left, changed ones become
   * pending changes (replacing a pending one) with their alert for finance.
   */
  load(currencies: readonly CurrencyPaymentMethods[], actor: string, at: Date): Promise<readonly LoadedCurrency[]>;
  /** Decides a pending change; approved, its details take effect now. False when it was no longer pending. */
  decide(id: bigint, decision: 'approved' | 'refused', note: string | null, actor: string, at: Date): Promise<boolean>;
}
