import type { PaymentPlanStore } from '../../src/ports/payment-plans.js';
import type { Sql } from './connect.js';
import { audit } from './payment-plans.js';

const s = (v: bigint) => v.toString();
const isInt8 = (v: bigint) => v > 0n && v <= 9223372036854775807n;

type ProposalMethods = Pick<PaymentPlanStore, 'proposePlan' | 'proposal' | 'answerProposal' | 'proposedPlanIds' | 'requestAlertId'>;

/**
 * "Propose other dates" on a plan request and the customer's answer (migration 031), each change in one transaction
 * with its audit row. The proposal replaces the plan's instalments (so an accepted plan is tracked, reminded and
 * broken exactly like an approved one); what the customer had asked stays in plan_proposals.requested.
 */
export function planProposalMethods(sql: Sql, inTx: <T>(fn: (tx: Sql) => Promise<T>) => Promise<T>): ProposalMethods {
  return {
    proposePlan: (p) => inTx(async (tx) => {
      const rows = await tx`UPDATE payment_plans SET status = 'proposed', total_minor = ${s(p.totalMinor)}::int8
                            WHERE id = ${s(p.planId)}::int8 AND status = 'requested' RETURNING id`;
      if (rows.length === 0) return false;
      await tx`
        INSERT INTO plan_proposals (plan_id, proposed_by, proposed_by_name, note, proposed_at, requested)
        SELECT ${s(p.planId)}::int8, ${p.by}, ${p.byName}, ${p.note}, ${p.at},
               coalesce(jsonb_agg(jsonb_build_object('due_date', t.due_date::text, 'amount_minor', t.amount_minor::text) ORDER BY t.instalment_no), '[]')
        FROM plan_instalments t WHERE t.plan_id = ${s(p.planId)}::int8`;
      await tx`DELETE FROM plan_instalments WHERE plan_id = ${s(p.planId)}::int8`;
      await tx`INSERT INTO plan_instalments (plan_id, instalment_no, due_date, amount_minor)
               SELECT ${s(p.planId)}::int8, n, d, a FROM unnest(${p.instalments.map((i) => i.dueDate)}::date[], ${p.instalments.map((i) => s(i.amountMinor))}::int8[])
                 WITH ORDINALITY AS t(d, a, n)`;
      // What each invoice owes today: the accepted plan's progress counts from these amounts, as a new plan's does.
      await tx`UPDATE plan_invoices pi SET owed_minor = v.owed
               FROM unnest(${p.invoices.map((i) => s(i.invoiceId))}::int8[], ${p.invoices.map((i) => s(i.remainingMinor))}::int8[]) AS v(invoice_id, owed)
               WHERE pi.plan_id = ${s(p.planId)}::int8 AND pi.invoice_id = v.invoice_id`;
      await audit(tx, p.by, 'plan.proposed', p.planId, {
        total_minor: s(p.totalMinor), instalments: p.instalments.length, first: p.instalments[0]?.dueDate ?? null, note: p.note,
      });
      return true;
    }),
    async proposal(planId) {
      if (!isInt8(planId)) return null;
      const [r] = await sql<{ proposed_by: string; proposed_by_name: string; note: string; proposed_at: Date; requested: { due_date: string; amount_minor: string }[]; answer: 'accepted' | 'declined' | null }[]>`
        SELECT proposed_by, proposed_by_name, note, proposed_at, requested, answer FROM plan_proposals WHERE plan_id = ${s(planId)}::int8`;
      return r ? {
        planId, proposedBy: r.proposed_by, proposedByName: r.proposed_by_name, note: r.note, proposedAt: r.proposed_at, answer: r.answer,
        requested: r.requested.map((t) => ({ dueDate: t.due_date, amountMinor: BigInt(t.amount_minor) })),
      } : null;
    },
    answerProposal: (planId, customerId, answer, by, at) => inTx(async (tx) => {
      if (!isInt8(planId) || !isInt8(customerId)) return false;
      // The customer's own plan only: a link of another customer names a plan that is not theirs and changes nothing.
      const rows = answer === 'accepted'
        ? await tx`UPDATE payment_plans p SET status = 'active', approved_by = x.proposed_by, approved_at = ${at}, started_at = ${at}
                   FROM plan_proposals x
                   WHERE p.id = ${s(planId)}::int8 AND p.customer_id = ${s(customerId)}::int8 AND p.status = 'proposed' AND x.plan_id = p.id
                   RETURNING p.id`
        : await tx`UPDATE payment_plans SET status = 'declined', ended_at = ${at}
                   WHERE id = ${s(planId)}::int8 AND customer_id = ${s(customerId)}::int8 AND status = 'proposed' RETURNING id`;
      if (rows.length === 0) return false;
      await tx`UPDATE plan_proposals SET answer = ${answer}, answered_at = ${at} WHERE plan_id = ${s(planId)}::int8`;
      if (answer === 'declined') await tx`DELETE FROM plan_open_invoices WHERE plan_id = ${s(planId)}::int8`;
      await audit(tx, by, answer === 'accepted' ? 'plan.proposal_accepted' : 'plan.proposal_declined', planId, {});
      return true;
    }),
    async proposedPlanIds(customerId) {
      if (!isInt8(customerId)) return [];
      const rows = await sql<{ id: bigint }[]>`
        SELECT id FROM payment_plans WHERE customer_id = ${s(customerId)}::int8 AND status = 'proposed' ORDER BY id`;
      return rows.map((r) => r.id);
    },
    async requestAlertId(planId) {
      const [r] = await sql<{ id: bigint }[]>`SELECT id FROM alerts WHERE dedupe_key = ${`plan_request:${planId}`} ORDER BY id DESC LIMIT 1`;
      return r?.id ?? null;
    },
  };
}
