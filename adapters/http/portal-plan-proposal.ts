import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderPortalPage, type PortalPageInput } from '../../blocks/portal-page.js';
import type { Logger } from '../../src/log.js';
import type { PortalPlanProposals, PortalProposalAnswer } from '../../src/ports/portal-plan-proposals.js';
import { sendCustomerPage } from './customer-page-response.js';
import type { Route } from './server.js';

type PageWork = (req: IncomingMessage, res: ServerResponse, token: string) => Promise<void>;

/** What the portal page lends this route: its error wrapper, its checked form reading, and its page input. */
export interface PortalProposalPage {
  readonly wrap: (work: PageWork) => Route['handler'];
  /** Link, rate limits, origin, content type and CSRF, exactly as the page's other forms; null: answered. */
  readonly readForm: (req: IncomingMessage, res: ServerResponse, token: string, now: Date) => Promise<{ link: { customerId: bigint }; params: URLSearchParams } | null>;
  /** The page as it shows now (null: the customer is gone, the link is revoked). */
  readonly page: (customerId: bigint, token: string, now: Date) => Promise<PortalPageInput | null>;
  readonly revoked: (res: ServerResponse) => void;
  readonly now: () => Date;
  readonly log: Logger;
}

const answers: Readonly<Record<string, PortalProposalAnswer>> = { accept: 'accepted', decline: 'declined' };

/** The proposals shown on the page for this link: the plans proposed to the customer, and where to answer. */
export async function proposalsOnPage(proposals: PortalPlanProposals | undefined, customerId: bigint, token: string, now: Date): Promise<Partial<PortalPageInput>> {
  return proposals ? { proposals: await proposals.proposed(customerId, now), proposalAction: `/p/${token}/proposal` } : {};
}

/**
 * POST /p/<token>/proposal: the customer accepts or declines a plan proposed to them (`plan`: its id, `answer`:
 * accept or decline). Only a plan of the link's own customer can be answered: another id is refused, unchanged.
 */
export function planProposalRoute(proposals: PortalPlanProposals, tokenPattern: string, p: PortalProposalPage): Route {
  const work: PageWork = async (req, res, token) => {
    const now = p.now();
    const form = await p.readForm(req, res, token, now);
    if (!form) return;
    const { customerId } = form.link;
    const planText = (form.params.get('plan') ?? '').trim();
    const answer = answers[(form.params.get('answer') ?? '').trim()];
    const planId = /^\d{1,18}$/.test(planText) ? BigInt(planText) : null;
    const r = planId === null || answer === undefined
      ? { ok: false as const, reason: 'choose Accept or Decline on a proposal shown on this page' }
      : await proposals.answer(customerId, planId, answer, now);
    p.log.info({ customer_id: customerId.toString(), outcome: r.ok ? answer : 'refused' }, 'customer portal plan proposal answered');
    const base = await p.page(customerId, token, now);
    if (!base) return p.revoked(res);
    const shown = { ...base, ...(await proposalsOnPage(proposals, customerId, token, now)) };
    sendCustomerPage(res, r.ok ? 200 : 400, renderPortalPage({ ...shown, proposalAnswered: r.ok ? { answer: answer! } : { refused: r.reason } }));
  };
  return { method: 'POST', path: new RegExp(`^\\/p\\/${tokenPattern}\\/proposal$`), handler: p.wrap(work) };
}
