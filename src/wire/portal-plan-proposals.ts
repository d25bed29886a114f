import { portalLinkExpiresAt, portalUrl, signPortalToken } from '../domain/portal-link.js';
import type { LinkSecret } from '../domain/signed-id-token.js';
import { subject, type SubjectRef } from '../domain/subject.js';
import type { ChatCore } from '../chat/chat-core.js';
import type { CustomerPortalStore } from '../ports/customer-portal.js';
import type { PortalPlanProposals } from '../ports/portal-plan-proposals.js';
import type { PlanDeps } from '../services/payment-plans.js';
import { answerPlanProposal } from '../services/plan-proposals.js';

/**
 * The portal's proposals, by the plan service: what is proposed to a customer, and their answer. An answer
 * redraws the plan request's card on every chat surface with a line in its thread (and the plan's invoice cards),
 * once `attach` gave the chat core (built after the portal's routes in src/main.ts).
 */
export function portalPlanProposals(deps: PlanDeps): { proposals: PortalPlanProposals; attach(core: Pick<ChatCore, 'redraw'>): void } {
  let core: Pick<ChatCore, 'redraw'> | null = null;
  const proposals: PortalPlanProposals = {
    async proposed(customerId) {
      const out = [];
      for (const id of await deps.store.proposedPlanIds(customerId)) {
        const [plan, proposal] = await Promise.all([deps.store.plan(id), deps.store.proposal(id)]);
        if (!plan || !proposal || plan.customerId !== customerId) continue;
        out.push({
          planId: plan.id, currency: plan.currency, totalMinor: plan.totalMinor, invoiceNumbers: plan.invoices.map((i) => i.number),
          instalments: plan.instalments, proposedBy: proposal.proposedByName, note: proposal.note,
        });
      }
      return out;
    },
    async answer(customerId, planId, answer, now) {
      const r = await answerPlanProposal(deps, customerId, planId, answer, now);
      if (!r.ok) return { ok: false, reason: r.message };
      const plan = await deps.store.plan(planId);
      const alertId = await deps.store.requestAlertId(planId);
      const subjects: SubjectRef[] = [
        ...(alertId === null ? [] : [subject('alert', alertId)]), ...(plan?.invoices ?? []).map((i) => subject('invoice', i.invoiceId)),
      ];
      if (core && subjects.length > 0) await core.redraw(subjects, alertId === null ? null : r.thread, null);
      return { ok: true };
    },
  };
  return { proposals, attach: (c) => { core = c; } };
}

/** The plan service with the customer's portal link in its emails (signed with their current key version). */
export function withPortalLinks(deps: PlanDeps, portal: Pick<CustomerPortalStore, 'keyVersion'>, o: { publicBaseUrl: string; secret: LinkSecret; ttlDays: number }): PlanDeps {
  return {
    ...deps,
    async portalUrl(customerId, now) {
      const keyVersion = await portal.keyVersion(customerId);
      if (keyVersion === null) return null;
      const token = signPortalToken({ customerId, keyVersion, expiresAt: portalLinkExpiresAt(now, o.ttlDays) }, o.secret);
      return portalUrl(o.publicBaseUrl, token);
    },
  };
}
