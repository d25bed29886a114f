import { isPastOverdueLimit, type CreditPosition } from './credit-position.js';

/** What an ERP or CRM asks before taking an order: may it, and if not, why (each reason a sentence). */
export interface OrderCheck {
  readonly mayTakeOrder: boolean;
  readonly reasons: readonly string[];
}

export interface OrderCheckFacts {
  /** Null: the customer has no credit limit (nothing to check against). */
  readonly position: CreditPosition | null;
  readonly currency: string | null;
  readonly onHold: boolean;
  readonly oldestOverdueDays: number | null;
  /** CREDIT_OVERDUE_DAYS. */
  readonly overdueDays: number;
}

/**
 * No new order on credit while the customer is on credit hold, has no credit left (open AR at or over its limit),
 * or has an invoice more than `overdueDays` overdue. A customer without a limit is checked on the hold and the
 * overdue rule only.
 * @example checkOrder({ position: null, currency: null, onHold: false, oldestOverdueDays: null, overdueDays: 60 }) // { mayTakeOrder: true, reasons: [] }
 * @example checkOrder({ position: creditPosition(100n, 100n), currency: 'EUR', onHold: true, oldestOverdueDays: 61, overdueDays: 60 }).reasons
 * // ["on credit hold", "no credit available: open AR is at or over the EUR limit", "an invoice is 61 days overdue (more than 60)"]
 */
export function checkOrder(f: OrderCheckFacts): OrderCheck {
  const reasons: string[] = [];
  if (f.onHold) reasons.push('on credit hold');
  if (f.position !== null && f.position.availableMinor <= 0n) {
    reasons.push(`no credit available: open AR is at or over the ${f.currency ?? 'credit'} limit`);
  }
  if (isPastOverdueLimit(f.oldestOverdueDays, f.overdueDays)) {
    reasons.push(`an invoice is ${f.oldestOverdueDays} days overdue (more than ${f.overdueDays})`);
  }
  return { mayTakeOrder: reasons.length === 0, reasons };
}
