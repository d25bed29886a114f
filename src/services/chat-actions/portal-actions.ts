import { mayAct } from '../../domain/rights/chat-rights.js';
import type { CustomerPortalActions } from '../../ports/customer-portal-actions.js';
import { actorLabel, refuseUnlessAllowed, refused, requireKnown, type ActionResult, type Actor } from './action-result.js';

const unavailable = refused('unavailable', 'this arbot process does not send email: run `arbot statement send` instead');
const noCustomer = refused('not_found', 'this customer is no longer in arbot');

/**
 * "Send statement" on a customer's /ar view: emails the billing contacts every open invoice with the portal link
 * (send-statement.ts), as of `now`. The customer's sales owner or finance may.
 */
export async function sendStatementFromChat(portal: CustomerPortalActions | undefined, actor: Actor, customerExternalId: string, now: Date): Promise<ActionResult> {
  if (!portal) return unavailable;
  const unknown = requireKnown(actor);
  if (unknown) return unknown;
  const parties = await portal.parties(customerExternalId);
  if (!parties) return noCustomer;
  const denied = refuseUnlessAllowed(actor, 'send_statement', parties);
  if (denied) return denied;
  const r = await portal.sendStatement(customerExternalId, actorLabel(actor), now);
  switch (r.outcome) {
    case 'sent':
      return { ok: true, refresh: [], thread: `${actor.name} sent ${r.customerName} a statement of ${r.invoices} open invoice${r.invoices === 1 ? '' : 's'} (to ${r.recipients} billing contact${r.recipients === 1 ? '' : 's'})` };
    case 'unknown_customer': return noCustomer;
    case 'nothing_open': return refused('nothing_open', `${r.customerName} has no open invoice: no statement was sent`);
    case 'no_recipient': return refused('no_recipient', `every billing contact of ${r.customerName} bounced: no statement was sent; fix the contacts in the ERP first`);
    case 'failed': return refused('send_failed', `the statement to ${r.customerName} was not sent: ${r.reason}`);
  }
}

/**
 * Which of "Send statement" and "Revoke portal links" `actor` may press on the customer's /ar view (the same rights
 * the clicks are checked against); null: this process has no portal actions or the customer is gone.
 */
export async function customerPortalButtons(portal: CustomerPortalActions | undefined, actor: Actor, customerExternalId: string): Promise<{ sendStatement: boolean; revokePortal: boolean } | null> {
  if (!portal) return null;
  const parties = await portal.parties(customerExternalId);
  if (!parties) return null;
  return { sendStatement: mayAct('send_statement', actor, parties).allowed, revokePortal: mayAct('revoke_portal_links', actor, parties).allowed };
}

/**
 * "Revoke portal links": every portal link sent to the customer so far stops working (the next reminder or
 * statement carries a new one). The customer's sales owner or finance may.
 */
export async function revokePortalLinks(portal: CustomerPortalActions | undefined, actor: Actor, customerExternalId: string): Promise<ActionResult> {
  if (!portal) return refused('unavailable', 'this arbot process cannot revoke portal links: run `arbot portal rotate` instead');
  const unknown = requireKnown(actor);
  if (unknown) return unknown;
  const parties = await portal.parties(customerExternalId);
  if (!parties) return noCustomer;
  const denied = refuseUnlessAllowed(actor, 'revoke_portal_links', parties);
  if (denied) return denied;
  const version = await portal.rotate(customerExternalId, actorLabel(actor));
  if (version === null) return noCustomer;
  return { ok: true, refresh: [], thread: `${actor.name} revoked every portal link sent to ${parties.customerName} so far; the next reminder or statement carries a new one` };
}
