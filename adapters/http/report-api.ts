import type { IncomingMessage, ServerResponse } from 'node:http';
import { dateInZone } from '../../src/domain/calendar-date.js';
import { isReportName, parseReportRequest, reportNames } from '../../src/domain/reports/report-request.js';
import { buildReport, type ReportDeps } from '../../src/services/reports.js';
import { requireBearer } from './bearer.js';
import { requestUrl } from './request-target.js';
import { HttpError, sendJson } from './respond.js';
import type { Route } from './server.js';

export interface ReportApiDeps extends ReportDeps {
  readonly apiToken: string | undefined;
  readonly now: () => Date;
}

const known = ['as_of', 'month'];

async function handle(deps: ReportApiDeps, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  requireBearer(req, deps.apiToken);
  if (!isReportName(name)) throw new HttpError(404, 'unknown_report', `no report "${name.slice(0, 60)}"; reports: ${reportNames.join(', ')}`);
  const params = requestUrl(req).searchParams;
  const unknown = [...params.keys()].find((k) => !known.includes(k));
  if (unknown !== undefined) throw new HttpError(400, 'invalid_parameter', `unknown parameter "${unknown.slice(0, 60)}"; use ${known.join(', ')}`);
  const repeated = known.find((k) => params.getAll(k).length > 1);
  if (repeated !== undefined) throw new HttpError(400, 'invalid_parameter', `${repeated}: given more than once`);
  const value = (k: string) => params.get(k) ?? undefined;
  const parsed = parseReportRequest({ as_of: value('as_of'), month: value('month') }, dateInZone(deps.now(), deps.zone));
  if (!parsed.ok) throw new HttpError(400, 'invalid_parameter', `${parsed.field}: ${parsed.reason.slice(0, 200)}`);
  sendJson(res, 200, await buildReport(deps, name, parsed.request));
}

/** GET /api/v1/reports/NAME?as_of=YYYY-MM-DD&month=YYYY-MM: the JSON of `arbot report NAME --format json`, bearer API_TOKEN. */
export function reportApiRoutes(deps: ReportApiDeps): Route[] {
  return [{ method: 'GET', path: /^\/api\/v1\/reports\/(?<name>[^/]*)$/, handler: (req, res, params) => handle(deps, req, res, params.name ?? '') }];
}
