import { dateInZone } from '../domain/calendar-date.js';
import { decidePortalPromise, type PortalPromiseRefusal } from '../domain/portal-promise.js';
import { promiseMaxDaysFor } from '../domain/rights/terms-policy.js';
import type { CustomerPortal, CustomerPortalStore } from '../ports/customer-portal.js';

export interface PortalPromiseRequest {
  readonly customerId: bigint;
  /** The key version of the link the form was posted to: a link revoked meanwhile changes nothing. */
  readonly keyVersion: number;
  readonly invoiceIds: readonly bigint[];
  readonly date: string;
  readonly amount: string;
}

export type PortalPromiseOutcome =
  | { readonly outcome: 'promised'; readonly portal: CustomerPortal; readonly date: string; readonly currency: string;
      readonly parts: readonly { readonly invoiceId: bigint; readonly amountMinor: bigint; readonly promiseId: bigint }[] }
  | { readonly outcome: 'refused'; readonly portal: CustomerPortal; readonly refusal: PortalPromiseRefusal }
  | { readonly outcome: 'revoked' };

/**
 * A customer promises to pay from the portal. In one transaction: reads the customer's open invoices (their own
 * only), decides against the limits a chat promise obeys without approval (today … today + the terms policy's
 * promise limit for the customer's segment, `promiseMaxDays` where it sets none; at most what is due), records one promise per invoice as customer-originated with its audit row, and raises one
 * customer_promise alert for the sales owner. Refused: nothing is written.
 */
export async function makePortalPromise(
  store: CustomerPortalStore, req: PortalPromiseRequest, now: Date, promiseMaxDays: number,
): Promise<PortalPromiseOutcome> {
  const policy = await store.termsPolicy();
  return store.unit(async (u) => {
    const portal = await u.lockPortal(req.customerId, now);
    if (!portal || portal.keyVersion !== req.keyVersion) return { outcome: 'revoked' };
    const today = dateInZone(now, portal.timezone);
    const maxDays = promiseMaxDaysFor(policy, portal.segment ?? null, promiseMaxDays);
    const d = decidePortalPromise({ chosen: req.invoiceIds, open: portal.invoices, date: req.date, amount: req.amount }, today, maxDays);
    if (!d.ok) return { outcome: 'refused', portal, refusal: d.refusal };
    const actor = `customer:${portal.customerExternalId}`;
    const parts = [];
    for (const p of d.parts) {
      const promiseId = await u.insertPromise({ invoiceId: p.invoiceId, promisedDate: d.date, amountMinor: p.amountMinor, note: 'promised on the customer portal', createdBy: actor });
      await u.audit({
        actor, action: 'promise.logged', entity: 'invoice', entityId: p.invoiceId,
        details: { via: 'customer_portal', promise_id: promiseId.toString(), promised_date: d.date, amount_minor: p.amountMinor.toString() },
      });
      parts.push({ ...p, promiseId });
    }
    await u.raiseAlert({
      kind: 'customer_promise',
      dedupeKey: `customer_promise:${parts[0]!.promiseId}`,
      customerId: portal.customerId,
      invoiceId: parts[0]!.invoiceId,
      details: {
        source: 'customer_portal', promised_date: d.date, currency: d.currency,
        promises: parts.map((p) => ({ invoice_id: p.invoiceId.toString(), promise_id: p.promiseId.toString(), amount_minor: p.amountMinor.toString() })),
      },
      raisedAt: now,
    });
    return { outcome: 'promised', portal, date: d.date, currency: d.currency, parts };
  });
}
