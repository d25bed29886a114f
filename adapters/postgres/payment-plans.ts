import { defaultPlanPolicy, parsePlanPolicy, planPolicyJson, type PlanPolicy } from '../../src/domain/plans/plan-policy.js';
import type { ActivePlan, PaymentPlanStore, PlanCustomer, PlanRecord, PlanStatus } from '../../src/ports/payment-plans.js';
import { raiseAlert } from './alerts.js';
import { partiesOf, partyColumns, type PartyRow } from './change-requests.js';
import type { Sql } from './connect.js';
import { planProposalMethods } from './plan-proposals.js';
import { remainingOn } from './settlement-sql.js';

const s = (v: bigint) => v.toString();
const isInt8 = (v: bigint) => v > 0n && v <= 9223372036854775807n;
const today = (sql: Sql, now: Date) => sql`(${now}::timestamptz AT TIME ZONE c.timezone)::date`;

interface CustomerRow extends PartyRow {
  readonly customer_id: bigint;
  readonly timezone: string;
  readonly locale: string;
  readonly emails: string[];
  readonly account_manager_email: string | null;
}

const customerColumns = `c.id AS customer_id, c.timezone, c.locale, ${partyColumns},
  (SELECT o.email FROM owners o WHERE o.id = c.sales_owner_id) AS account_manager_email,
  ARRAY(SELECT b.email FROM unnest(c.billing_emails) AS b(email)
         WHERE NOT EXISTS (SELECT 1 FROM email_suppressions x WHERE x.email = b.email AND x.cleared_at IS NULL)) AS emails`;

function customerOf(r: CustomerRow): PlanCustomer {
  return {
    customerId: r.customer_id, name: r.customer_name, parties: partiesOf(r), timezone: r.timezone, locale: r.locale, emails: r.emails,
    accountManagerEmail: r.account_manager_email,
  };
}

interface PlanRow extends CustomerRow {
  id: bigint; currency: string; status: PlanStatus; origin: 'owner' | 'customer'; total_minor: bigint; needs_finance_approver: boolean;
  created_by: string; approved_by: string | null; reason: string | null; started_at: Date | null;
  invoices: { invoice_id: string; number: string; owed_minor: string }[];
  instalments: { due_date: string; amount_minor: string }[];
}

const planSelect = (sql: Sql) => sql`
  SELECT p.id, p.currency, p.status, p.origin, p.total_minor, p.needs_finance_approver, p.created_by, p.approved_by, p.reason,
         p.started_at, ${sql.unsafe(customerColumns)},
         (SELECT jsonb_agg(jsonb_build_object('invoice_id', pi.invoice_id::text, 'number', i.number, 'owed_minor', pi.owed_minor::text) ORDER BY i.number)
            FROM plan_invoices pi JOIN invoices i ON i.id = pi.invoice_id WHERE pi.plan_id = p.id) AS invoices,
         (SELECT jsonb_agg(jsonb_build_object('due_date', t.due_date::text, 'amount_minor', t.amount_minor::text) ORDER BY t.instalment_no)
            FROM plan_instalments t WHERE t.plan_id = p.id) AS instalments
  FROM payment_plans p JOIN customers c ON c.id = p.customer_id`;

function recordOf(r: PlanRow): PlanRecord {
  return {
    id: r.id, customerId: r.customer_id, currency: r.currency.trim(), status: r.status, origin: r.origin, totalMinor: r.total_minor,
    needsFinanceApprover: r.needs_finance_approver, createdBy: r.created_by, approvedBy: r.approved_by, reason: r.reason, startedAt: r.started_at,
    invoices: r.invoices.map((i) => ({ invoiceId: BigInt(i.invoice_id), number: i.number, owedMinor: BigInt(i.owed_minor) })),
    instalments: r.instalments.map((t) => ({ dueDate: t.due_date, amountMinor: BigInt(t.amount_minor) })),
    customer: customerOf(r),
  };
}

export async function audit(tx: Sql, actor: string, action: string, planId: bigint, details: Record<string, unknown>) {
  await tx`INSERT INTO audit_log (actor, action, entity, entity_id, details)
           VALUES (${actor}, ${action}, 'payment_plan', ${s(planId)}::int8, ${tx.json(details as never)})`;
}

/** Payment plans in Postgres (migration 028): every change in one transaction with its audit row. */
export function postgresPaymentPlanStore(sql: Sql): PaymentPlanStore {
  const inTx = <T>(fn: (tx: Sql) => Promise<T>) => sql.begin((raw) => fn(raw as unknown as Sql)) as Promise<T>;
  return {
    ...planProposalMethods(sql, inTx),
    async loadPolicy() {
      const [row] = await sql<{ policy: unknown }[]>`SELECT policy FROM plan_policy`;
      if (!row) return defaultPlanPolicy;
      // jsonb read back is checked like any input: a row written by hand must not slip past the bounds.
      const parsed = parsePlanPolicy(row.policy);
      if (!parsed.ok) throw new Error(`the stored payment plan policy is invalid (${parsed.reason}); load a valid one with arbot policy load`);
      return parsed.policy;
    },
    async savePolicy(policy: PlanPolicy, by: string) {
      await inTx(async (tx) => {
        const json = planPolicyJson(policy);
        await tx`INSERT INTO plan_policy (id, policy, loaded_by) VALUES (true, ${tx.json(json)}, ${by})
                 ON CONFLICT (id) DO UPDATE SET policy = excluded.policy, loaded_by = excluded.loaded_by, loaded_at = now()`;
        await tx`INSERT INTO audit_log (actor, action, entity, details) VALUES (${by}, 'plan_policy.loaded', 'plan_policy', ${tx.json(json)})`;
      });
    },
    async planInvoices(invoiceIds, now) {
      if (invoiceIds.length === 0 || !invoiceIds.every(isInt8)) return null;
      const rows = await sql<(CustomerRow & { invoice_id: bigint; number: string; currency: string; remaining: bigint; today: string })[]>`
        SELECT i.id AS invoice_id, i.number, i.currency, ${remainingOn(sql, today(sql, now))} AS remaining,
               ${today(sql, now)}::text AS today, ${sql.unsafe(customerColumns)}
        FROM invoices i JOIN customers c ON c.id = i.customer_id
        WHERE i.id = ANY(${invoiceIds.map(s)}::int8[]) ORDER BY i.id`;
      if (rows.length !== new Set(invoiceIds.map(s)).size) return null;
      const first = rows[0]!;
      return {
        customer: customerOf(first), today: first.today,
        invoices: rows.map((r) => ({ invoiceId: r.invoice_id, number: r.number, customerId: r.customer_id, currency: r.currency.trim(), remainingMinor: r.remaining })),
      };
    },
    async openInvoiceIds(customerId, currency, now) {
      if (!isInt8(customerId)) return [];
      const rows = await sql<{ id: bigint }[]>`
        SELECT i.id FROM invoices i JOIN customers c ON c.id = i.customer_id
        WHERE i.customer_id = ${s(customerId)}::int8 AND i.currency = ${currency}
          AND i.issue_date <= ${today(sql, now)} AND ${remainingOn(sql, today(sql, now))} > 0 ORDER BY i.id`;
      return rows.map((r) => r.id);
    },
    createPlan: (p) => inTx(async (tx) => {
      // Lock the invoices first: two offers on the same invoice at once see each other here, not at the constraint.
      const held = await tx<{ plan_id: bigint; number: string }[]>`
        SELECT o.plan_id, i.number FROM plan_open_invoices o JOIN invoices i ON i.id = o.invoice_id
        WHERE o.invoice_id = ANY(${p.invoices.map((i) => s(i.invoiceId))}::int8[]) FOR UPDATE OF o`;
      if (held[0]) return { conflictPlanId: held[0].plan_id, invoiceNumber: held[0].number };
      const [plan] = await tx<{ id: bigint }[]>`
        INSERT INTO payment_plans (customer_id, currency, status, origin, total_minor, needs_finance_approver, created_by, approved_by,
                                   approved_at, replaces_id, created_at, started_at)
        VALUES (${s(p.customerId)}::int8, ${p.currency}, ${p.status}, ${p.origin}, ${s(p.totalMinor)}::int8, ${p.needsFinanceApprover},
                ${p.createdBy}, ${p.approvedBy}, ${p.status === 'active' ? p.at : null}, ${p.replacesId === null ? null : s(p.replacesId)}::int8,
                ${p.at}, ${p.status === 'active' ? p.at : null})
        RETURNING id`;
      const id = plan!.id;
      const claimed = await tx`
        INSERT INTO plan_open_invoices (invoice_id, plan_id) SELECT unnest(${p.invoices.map((i) => s(i.invoiceId))}::int8[]), ${s(id)}::int8
        ON CONFLICT (invoice_id) DO NOTHING RETURNING invoice_id`;
      if (claimed.length !== p.invoices.length) throw new Error('an invoice of this plan was taken by another plan at the same time; try again');
      await tx`INSERT INTO plan_invoices (plan_id, invoice_id, owed_minor)
               SELECT ${s(id)}::int8, unnest(${p.invoices.map((i) => s(i.invoiceId))}::int8[]), unnest(${p.invoices.map((i) => s(i.remainingMinor))}::int8[])`;
      await tx`INSERT INTO plan_instalments (plan_id, instalment_no, due_date, amount_minor)
               SELECT ${s(id)}::int8, n, d, a FROM unnest(${p.instalments.map((i) => i.dueDate)}::date[], ${p.instalments.map((i) => s(i.amountMinor))}::int8[])
                 WITH ORDINALITY AS t(d, a, n)`;
      await audit(tx, p.createdBy, p.status === 'active' ? 'plan.offered' : 'plan.requested', id, {
        origin: p.origin, currency: p.currency, total_minor: s(p.totalMinor), instalments: p.instalments.length,
        ...(p.replacesId === null ? {} : { replaces: s(p.replacesId) }),
      });
      return { id };
    }),
    async plan(planId) {
      if (!isInt8(planId)) return null;
      const [r] = await sql<PlanRow[]>`${planSelect(sql)} WHERE p.id = ${s(planId)}::int8`;
      return r ? recordOf(r) : null;
    },
    approvePlan: (planId, by, at) => inTx(async (tx) => {
      const rows = await tx`UPDATE payment_plans SET status = 'active', approved_by = ${by}, approved_at = ${at}, started_at = ${at}
                            WHERE id = ${s(planId)}::int8 AND status = 'requested' RETURNING id`;
      if (rows.length === 0) return false;
      await audit(tx, by, 'plan.approved', planId, {});
      return true;
    }),
    refusePlan: (planId, by, reason, at) => inTx(async (tx) => {
      const rows = await tx`UPDATE payment_plans SET status = 'refused', reason = ${reason}, ended_at = ${at}
                            WHERE id = ${s(planId)}::int8 AND status = 'requested' RETURNING id`;
      if (rows.length === 0) return false;
      await tx`DELETE FROM plan_open_invoices WHERE plan_id = ${s(planId)}::int8`;
      await audit(tx, by, 'plan.refused', planId, { reason });
      return true;
    }),
    async activePlans(now) {
      const rows = await sql<(PlanRow & { today: string; remaining: bigint; sent_keys: string[] })[]>`
        SELECT q.*, ${today(sql, now)}::text AS today,
               (SELECT coalesce(sum(${remainingOn(sql, today(sql, now))}), 0)::int8
                  FROM plan_invoices pi JOIN invoices i ON i.id = pi.invoice_id WHERE pi.plan_id = q.id) AS remaining,
               coalesce((SELECT array_agg(e.kind || ':' || e.instalment_no) FROM plan_emails e WHERE e.plan_id = q.id), '{}') AS sent_keys
        FROM (${planSelect(sql)} WHERE p.status = 'active' AND p.started_at <= ${now}) q JOIN customers c ON c.id = q.customer_id
        ORDER BY q.id`;
      return rows.map((r): ActivePlan => ({ ...recordOf(r), today: r.today, remainingMinor: r.remaining, sentKeys: r.sent_keys }));
    },
    endPlan: (planId, status, at, by) => inTx(async (tx) => {
      const rows = await tx<{ customer_id: bigint }[]>`
        UPDATE payment_plans SET status = ${status}, ended_at = ${at}
        WHERE id = ${s(planId)}::int8 AND status = 'active' RETURNING customer_id`;
      if (!rows[0]) return false;
      await tx`DELETE FROM plan_open_invoices WHERE plan_id = ${s(planId)}::int8`;
      await audit(tx, by, `plan.${status}`, planId, {});
      if (status === 'broken') {
        await raiseAlert(tx, { kind: 'plan_broken', dedupeKey: `plan_broken:${planId}`, customerId: rows[0].customer_id, details: { plan_id: s(planId) }, raisedAt: at });
      }
      return true;
    }),
    async claimPlanEmail(planId, kind, instalmentNo, to, at) {
      const [r] = await sql<{ id: bigint }[]>`
        INSERT INTO plan_emails (plan_id, kind, instalment_no, status, to_emails, created_at)
        VALUES (${s(planId)}::int8, ${kind}, ${instalmentNo}, 'sending', ${to as string[]}, ${at})
        ON CONFLICT (plan_id, kind, instalment_no) DO NOTHING RETURNING id`;
      return r?.id ?? null;
    },
    async recordPlanEmail(emailId, o, at) {
      await sql`
        UPDATE plan_emails SET status = ${o.status},
               sent_at = ${o.status === 'sent' ? at : null}, provider = ${o.status === 'sent' ? o.provider : null},
               provider_message_id = ${o.status === 'sent' ? o.messageId : null}, subject = ${o.status === 'sent' ? o.subject : null},
               last_error = ${o.status === 'sent' ? null : o.reason}
        WHERE id = ${s(emailId)}::int8`;
    },
    async raisePlanRequest(planId, at) {
      const [p] = await sql<{ customer_id: bigint }[]>`SELECT customer_id FROM payment_plans WHERE id = ${s(planId)}::int8`;
      if (!p) return;
      await raiseAlert(sql, { kind: 'plan_request', dedupeKey: `plan_request:${planId}`, customerId: p.customer_id, details: { plan_id: s(planId) }, raisedAt: at });
    },
    async auditPlan(planId, action, by, details) {
      await audit(sql, by, action, planId, details);
    },
  };
}
