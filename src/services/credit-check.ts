import { creditPosition, usedPercent } from '../domain/credit/credit-position.js';
import { checkOrder } from '../domain/credit/order-check.js';
import type { CreditCheckStore } from '../ports/credit-check.js';

/** What `GET /api/v1/customers/<id>/credit` answers: amounts in minor units (decimal strings in JSON). */
export interface CustomerCreditJson {
  readonly customer: string;
  readonly name: string;
  readonly currency: string | null;
  readonly credit_limit_minor: bigint | null;
  readonly open_minor: bigint | null;
  readonly available_minor: bigint | null;
  readonly used_percent: number | null;
  readonly on_hold: boolean;
  readonly hold: { readonly set_by: string; readonly reason: string; readonly set_at: string } | null;
  readonly oldest_overdue_days: number | null;
  readonly overdue_limit_days: number;
  readonly may_take_order: boolean;
  readonly reasons: readonly string[];
  readonly as_of: string;
}

/**
 * A customer's credit for an ERP or CRM about to take an order, as of `now`: its limit against open AR, its hold,
 * and whether an order may be taken (checkOrder: no hold, credit left, nothing more than `overdueDays` overdue).
 * Null when the customer is unknown.
 */
export async function checkCustomerCredit(store: CreditCheckStore, externalId: string, now: Date, overdueDays: number): Promise<CustomerCreditJson | null> {
  const f = await store.customerCredit(externalId, now);
  if (f === null) return null;
  const position = f.limitMinor === null || f.currency === null ? null : creditPosition(f.limitMinor, f.openMinor ?? 0n);
  const check = checkOrder({ position, currency: f.currency, onHold: f.hold !== null, oldestOverdueDays: f.oldestOverdueDays, overdueDays });
  return {
    customer: f.externalId,
    name: f.name,
    currency: f.currency,
    credit_limit_minor: position?.limitMinor ?? null,
    open_minor: position?.openMinor ?? null,
    available_minor: position?.availableMinor ?? null,
    used_percent: position === null ? null : usedPercent(position),
    on_hold: f.hold !== null,
    hold: f.hold === null ? null : { set_by: f.hold.setBy, reason: f.hold.reason, set_at: f.hold.setAt.toISOString() },
    oldest_overdue_days: f.oldestOverdueDays,
    overdue_limit_days: overdueDays,
    may_take_order: check.mayTakeOrder,
    reasons: check.reasons,
    as_of: now.toISOString(),
  };
}
