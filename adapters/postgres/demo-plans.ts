import type { DemoPlan } from '../../src/domain/demo-ledger.js';
import { needsFinanceApprover } from '../../src/domain/plans/plan-policy.js';
import type { PaymentPlanStore } from '../../src/ports/payment-plans.js';
import type { Sql } from './connect.js';

/**
 * Keeps one of the demo's payment plans through the plan store, as an owner's offer or a portal request would
 * (plan_open_invoices, audit, and for a request its plan_request alert). Its invoices owed their full amount when it
 * was made (the demo pays them later). Throws when an invoice is unknown or already in a plan: the demo is broken.
 */
export async function insertDemoPlan(sql: Sql, store: PaymentPlanStore, p: DemoPlan, zone: string): Promise<bigint> {
  const rows = await sql<{ id: bigint; number: string; customer_id: bigint; currency: string; amount_minor: bigint }[]>`
    SELECT i.id, i.number, i.customer_id, i.currency::text AS currency, i.amount_minor
    FROM invoices i JOIN customers c ON c.id = i.customer_id
    WHERE i.external_id = ANY(${[...p.invoice_external_ids]}::text[]) AND c.external_id = ${p.customer_external_id}
    ORDER BY i.id`;
  if (rows.length !== p.invoice_external_ids.length) throw new Error(`demo plan of ${p.customer_external_id}: an invoice is missing`);
  const at = (await sql<{ at: Date }[]>`SELECT (${p.created_on}::date + time '10:00') AT TIME ZONE ${zone} AS at`)[0]!.at;
  const invoices = rows.map((r) => ({
    invoiceId: BigInt(r.id), number: r.number, customerId: BigInt(r.customer_id), currency: r.currency.trim(), remainingMinor: BigInt(r.amount_minor),
  }));
  const total = invoices.reduce((s, i) => s + i.remainingMinor, 0n);
  const currency = invoices[0]!.currency;
  const r = await store.createPlan({
    customerId: invoices[0]!.customerId, currency, origin: p.status === 'active' ? 'owner' : 'customer', status: p.status, totalMinor: total,
    needsFinanceApprover: needsFinanceApprover(total, currency, await store.loadPolicy()), createdBy: p.created_by, approvedBy: p.approved_by,
    replacesId: null, invoices, instalments: p.instalments, at,
  });
  if ('conflictPlanId' in r) throw new Error(`demo plan of ${p.customer_external_id}: invoice ${r.invoiceNumber} is already in a plan`);
  if (p.status === 'requested') await store.raisePlanRequest(r.id, at);
  return r.id;
}
