import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseKpiRequest } from '../../src/domain/kpi/kpi-request.js';
import type { KpiStore } from '../../src/ports/kpi-store.js';
import { computeKpis } from '../../src/services/compute-kpis.js';
import { requireBearer } from './bearer.js';
import { requestUrl } from './request-target.js';
import { HttpError, sendJson } from './respond.js';
import type { Route } from './server.js';

export interface KpiApiDeps {
  readonly store: KpiStore;
  readonly apiToken: string | undefined;
  /** COMPANY_TIMEZONE: as_of defaults to today there. */
  readonly zone: string;
  readonly now: () => Date;
}

const known = ['as_of', 'currency', 'segment'];

async function handle(deps: KpiApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  requireBearer(req, deps.apiToken);
  const params = requestUrl(req).searchParams;
  const unknown = [...params.keys()].find((k) => !known.includes(k));
  if (unknown !== undefined) throw new HttpError(400, 'invalid_parameter', `unknown parameter "${unknown}"; use ${known.join(', ')}`);
  const value = (k: string) => params.get(k) ?? undefined;
  const parsed = parseKpiRequest({ as_of: value('as_of'), currency: value('currency'), segment: value('segment') });
  if (!parsed.ok) throw new HttpError(400, 'invalid_parameter', `${parsed.field}: ${parsed.reason}`);
  sendJson(res, 200, await computeKpis(deps, parsed.request));
}

/** GET /api/v1/kpi?as_of=YYYY-MM-DD&currency=XXX&segment=S: the JSON of `arbot kpi --json`, bearer API_TOKEN. */
export function kpiApiRoutes(deps: KpiApiDeps): Route[] {
  return [{ method: 'GET', path: '/api/v1/kpi', handler: (req, res) => handle(deps, req, res) }];
}
