import type { Parties } from '../../src/domain/rights/chat-rights.js';
import type { CustomerPortal, CustomerPortalStore, CustomerPortalUnit } from '../../src/ports/customer-portal.js';
import type { AuditEntry } from '../../src/ports/customer-disputes.js';
import { raiseAlert } from './alerts.js';
import { dateInZone } from '../../src/domain/calendar-date.js';
import { findEarlyPaymentOffers } from './early-payment-offers.js';
import { instalmentProgress } from '../../src/domain/plans/plan-progress.js';
import { creditNoteStillAwaited } from './cadence-candidates.js';
import type { Sql } from './connect.js';
import { remainingOn } from './settlement-sql.js';
import { loadTermsPolicy } from './terms-policy.js';
import { customerSegment } from '../../src/domain/rights/terms-policy.js';

type CustomerRow = { id: bigint; external_id: string; name: string; locale: string; timezone: string; segment: string; portal_key_version: number };
type InvoiceRow = {
  id: bigint; number: string; client_reference: string | null; currency: string; due_minor: bigint; due_date: string;
  pay_url: string | null; proof_url: string | null; disputed: boolean; credit_note_announced: boolean;
  promised_date: string | null; promised_minor: bigint | null; plan_status: string | null;
};
type PlanRow = {
  id: bigint; currency: string; total_minor: bigint; remaining: bigint; numbers: string[];
  instalments: { due_date: string; amount_minor: string }[];
};

/**
 * The customer's open invoices as of `now` (the statement page's amount-due rule: amount less allocated payments,
 * credit notes and early-payment discounts granted), with their state. Only `customer`'s invoices are ever read.
 */
async function portalOf(sql: Sql, c: CustomerRow, now: Date): Promise<CustomerPortal> {
  const today = sql`(${now}::timestamptz AT TIME ZONE ${c.timezone})::date`;
  const rows = await sql<InvoiceRow[]>`
    SELECT * FROM (
      SELECT i.id, i.number, i.client_reference, i.currency::text AS currency, i.pay_url, i.proof_url,
             to_char(i.due_date, 'YYYY-MM-DD') AS due_date,
             (i.amount_minor
               - coalesce((SELECT sum(a.amount_minor) FROM payment_allocations a WHERE a.invoice_id = i.id), 0)
               - coalesce((SELECT sum(n.amount_minor) FROM credit_notes n WHERE n.invoice_id = i.id), 0)
               - coalesce((SELECT sum(d.amount_minor) FROM discount_allocations d WHERE d.invoice_id = i.id), 0))::int8 AS due_minor,
             EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.closed_at IS NULL) AS disputed,
             EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.status = 'credit_note_issued'
                       AND ${creditNoteStillAwaited(sql, 'd', 'i', today)}) AS credit_note_announced,
             p.promised_date, p.amount_minor AS promised_minor,
             (SELECT pp.status FROM plan_open_invoices o JOIN payment_plans pp ON pp.id = o.plan_id WHERE o.invoice_id = i.id) AS plan_status
      FROM invoices i
      LEFT JOIN LATERAL (
        SELECT to_char(p.promised_date, 'YYYY-MM-DD') AS promised_date, p.amount_minor FROM promises_to_pay p
        WHERE p.invoice_id = i.id AND p.status = 'active' ORDER BY p.created_at DESC, p.id DESC LIMIT 1) p ON true
      WHERE i.customer_id = ${c.id.toString()}::int8 AND i.issue_date <= ${today}) o
    WHERE due_minor > 0
    ORDER BY currency, due_date, due_minor DESC, number`;
  // Active plans with their instalments; payments on the plan's invoices since it started tick them off in date order.
  const plans = await sql<PlanRow[]>`
    SELECT pp.id, pp.currency::text AS currency, pp.total_minor,
           (SELECT coalesce(sum(${remainingOn(sql, today)}), 0)::int8
              FROM plan_invoices pi JOIN invoices i ON i.id = pi.invoice_id WHERE pi.plan_id = pp.id) AS remaining,
           (SELECT array_agg(i.number ORDER BY i.number) FROM plan_invoices pi JOIN invoices i ON i.id = pi.invoice_id WHERE pi.plan_id = pp.id) AS numbers,
           (SELECT json_agg(json_build_object('due_date', to_char(s.due_date, 'YYYY-MM-DD'), 'amount_minor', s.amount_minor::text) ORDER BY s.instalment_no)
              FROM plan_instalments s WHERE s.plan_id = pp.id) AS instalments
    FROM payment_plans pp
    WHERE pp.customer_id = ${c.id.toString()}::int8 AND pp.status = 'active'
    ORDER BY pp.id`;
  // The early-payment offers still open on the customer's day: the D-7 email's figures (early-payment-offers.ts).
  const offers = await findEarlyPaymentOffers(sql, rows.map((r) => BigInt(r.id)), dateInZone(now, c.timezone));
  return {
    customerId: BigInt(c.id), customerExternalId: c.external_id, customerName: c.name, locale: c.locale, timezone: c.timezone,
    segment: customerSegment(c.segment), keyVersion: c.portal_key_version,
    invoices: rows.map((r) => ({
      invoiceId: BigInt(r.id), number: r.number, clientReference: r.client_reference, currency: r.currency,
      dueMinor: BigInt(r.due_minor), dueDate: r.due_date, payUrl: r.pay_url, proofUrl: r.proof_url, disputed: r.disputed,
      promise: r.promised_date === null ? null : { date: r.promised_date, amountMinor: r.promised_minor === null ? null : BigInt(r.promised_minor) },
      inPlan: r.plan_status === 'active',
      planRequested: r.plan_status === 'requested' || r.plan_status === 'proposed',
      creditNoteAnnounced: r.credit_note_announced,
      earlyPayment: offers.get(BigInt(r.id)) ?? null,
    })),
    plans: plans.map((p) => {
      const total = BigInt(p.total_minor);
      const instalments = p.instalments.map((x) => ({ dueDate: x.due_date, amountMinor: BigInt(x.amount_minor) }));
      return {
        planId: BigInt(p.id), currency: p.currency.trim(), totalMinor: total, invoiceNumbers: p.numbers,
        instalments: instalmentProgress(instalments, total - BigInt(p.remaining)).map((x) => ({ dueDate: x.dueDate, amountMinor: x.amountMinor, remainingMinor: x.remainingMinor })),
      };
    }),
  };
}

const customerColumns = (sql: Sql) => sql`id, external_id, name, locale, timezone, segment, portal_key_version`;

async function findPortal(sql: Sql, customerId: bigint, now: Date, lock: boolean): Promise<CustomerPortal | null> {
  const [c] = lock
    ? await sql<CustomerRow[]>`SELECT ${customerColumns(sql)} FROM customers WHERE id = ${customerId.toString()}::int8 FOR SHARE`
    : await sql<CustomerRow[]>`SELECT ${customerColumns(sql)} FROM customers WHERE id = ${customerId.toString()}::int8`;
  return c ? portalOf(sql, c, now) : null;
}

function unitFor(tx: Sql): CustomerPortalUnit {
  return {
    lockPortal: (customerId, now) => findPortal(tx, customerId, now, true),
    async insertPromise(p) {
      const [row] = await tx<{ id: bigint }[]>`
        INSERT INTO promises_to_pay (invoice_id, promised_date, amount_minor, note, created_by, origin)
        VALUES (${p.invoiceId.toString()}::int8, ${p.promisedDate}::date, ${p.amountMinor.toString()}::int8, ${p.note}, ${p.createdBy}, 'customer_portal')
        RETURNING id`;
      return row!.id;
    },
    async audit(e: AuditEntry) {
      await tx`
        INSERT INTO audit_log (actor, action, entity, entity_id, details)
        VALUES (${e.actor}, ${e.action}, ${e.entity}, ${e.entityId === null ? null : e.entityId.toString()}::int8,
                ${tx.json(e.details as never)})`;
    },
    raiseAlert: (a) => raiseAlert(tx, a),
  };
}

export function postgresCustomerPortalStore(sql: Sql): CustomerPortalStore {
  return {
    async keyVersion(customerId) {
      const [r] = await sql<{ v: number }[]>`SELECT portal_key_version AS v FROM customers WHERE id = ${customerId.toString()}::int8`;
      return r ? r.v : null;
    },
    findPortal: (customerId, now) => findPortal(sql, customerId, now, false),
    unit: async (work) => (await sql.begin((tx) => work(unitFor(tx as unknown as Sql)))) as Awaited<ReturnType<typeof work>>,
    termsPolicy: () => loadTermsPolicy(sql),
  };
}

/**
 * Adds one to the customer's portal key version: every portal link signed before stops working. Audited as `actor`.
 * Returns the new version, or null for an unknown customer external id.
 */
export async function rotatePortalKey(sql: Sql, customerExternalId: string, actor: string): Promise<{ customerId: bigint; keyVersion: number } | null> {
  const [r] = await sql<{ id: bigint; v: number }[]>`
    WITH u AS (
      UPDATE customers SET portal_key_version = portal_key_version + 1 WHERE external_id = ${customerExternalId}
      RETURNING id, portal_key_version
    ), a AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT ${actor}, 'portal.key_rotated', 'customer', id, jsonb_build_object('key_version', portal_key_version) FROM u
    )
    SELECT id, portal_key_version AS v FROM u`;
  return r ? { customerId: BigInt(r.id), keyVersion: r.v } : null;
}

/** The customer's owners as the rights policy names them, by ERP id; null when no such customer. */
export async function customerPartiesByExternalId(sql: Sql, externalId: string): Promise<Parties | null> {
  const [r] = await sql<{ name: string; so_id: bigint | null; so_name: string | null; do_id: bigint | null; do_name: string | null }[]>`
    SELECT c.name, so.id AS so_id, so.name AS so_name, dw.id AS do_id, dw.name AS do_name
    FROM customers c LEFT JOIN owners so ON so.id = c.sales_owner_id LEFT JOIN owners dw ON dw.id = c.delivery_owner_id
    WHERE c.external_id = ${externalId}`;
  if (!r) return null;
  return {
    customerName: r.name,
    salesOwner: r.so_id === null ? null : { id: BigInt(r.so_id), name: r.so_name ?? '' },
    deliveryOwner: r.do_id === null ? null : { id: BigInt(r.do_id), name: r.do_name ?? '' },
  };
}
