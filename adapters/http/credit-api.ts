import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CreditCheckStore } from '../../src/ports/credit-check.js';
import { checkCustomerCredit } from '../../src/services/credit-check.js';
import { requireBearer } from './bearer.js';
import { HttpError, sendJson } from './respond.js';
import type { Route } from './server.js';

export interface CreditApiDeps {
  readonly store: CreditCheckStore;
  readonly apiToken: string | undefined;
  /** CREDIT_OVERDUE_DAYS: past it, no new order. */
  readonly overdueDays: number;
  readonly now: () => Date;
}

const notFound = () => new HttpError(404, 'not_found', 'no customer with this id');

async function handle(deps: CreditApiDeps, req: IncomingMessage, res: ServerResponse, rawId: string): Promise<void> {
  requireBearer(req, deps.apiToken);
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    throw notFound();
  }
  if (id === '' || id.length > 200) throw notFound();
  const credit = await checkCustomerCredit(deps.store, id, deps.now(), deps.overdueDays);
  if (credit === null) throw notFound();
  sendJson(res, 200, credit);
}

/**
 * GET /api/v1/customers/<external id>/credit, bearer API_TOKEN: may an order be taken for this customer (its
 * credit limit against open AR, its credit hold, its oldest overdue invoice), for an ERP or CRM to ask first.
 */
export function creditApiRoutes(deps: CreditApiDeps): Route[] {
  return [{ method: 'GET', path: /^\/api\/v1\/customers\/(?<id>[^/]+)\/credit$/, handler: (req, res, params) => handle(deps, req, res, params.id ?? '') }];
}
