import { STATUS_CODES, type ServerResponse } from 'node:http';
import { agingChartData, trendChartData } from '../../blocks/charts/chart-data.js';
import { buildAgingChartSvg } from '../../blocks/charts/aging-chart-svg.js';
import { buildTrendChartSvg } from '../../blocks/charts/trend-chart-svg.js';
import type { ChartSpec } from '../../src/domain/charts/chart-spec.js';
import { verifyChartToken } from '../../src/domain/charts/chart-token.js';
import type { LinkSecret } from '../../src/domain/signed-id-token.js';
import type { BucketRule } from '../../src/domain/token-bucket.js';
import { computeKpis, computeKpiTrend, type KpiDeps } from '../../src/services/compute-kpis.js';
import { renderChartPng } from '../charts/png.js';
import { clientAddress, type TrustProxy } from './client-address.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import type { Route } from './server.js';

export interface ChartRouteDeps {
  /** The KPI store and COMPANY_TIMEZONE, as /dso and GET /api/v1/kpi read them. */
  readonly kpi: KpiDeps;
  /** From resolveLinkSecret: the secret chartUrl signs with. */
  readonly secret: LinkSecret;
  readonly now: () => Date;
  readonly limits?: { readonly perIp?: BucketRule; readonly perLink?: BucketRule };
  /** TRUST_PROXY: whose X-Forwarded-For names the client. */
  readonly trustProxy?: TrustProxy;
}

/** A refusal says only its status: which check failed is no business of whoever holds a bad link. */
function refuse(res: ServerResponse, status: 403 | 404 | 429, headers: Record<string, string> = {}): void {
  const body = `${STATUS_CODES[status]}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers,
  });
  res.end(body);
}

async function chartSvg(deps: KpiDeps, spec: ChartSpec): Promise<string> {
  const request = { asOf: spec.asOf, currency: spec.currency ?? undefined, segment: spec.segment ?? undefined };
  if (spec.kind === 'trend') return buildTrendChartSvg(trendChartData(spec, await computeKpiTrend(deps, request)));
  return buildAgingChartSvg(agingChartData({ ...spec, currency: spec.currency! }, await computeKpis(deps, request)));
}

/**
 * GET /charts/<signed id>.png: the chart the id names (chart-token.ts), drawn as of its date, as a PNG that Slack
 * image blocks and Teams card images load. A malformed id is a 404, a forged or expired one a 403, with no detail.
 * Cached publicly until the id expires: the URL itself is the capability, and Slack's and Teams' image proxies
 * cache by URL, so a busy channel costs one render. Rate-limited per link, then per client address, in memory, like
 * the statement page; only a link that verifies spends a bucket.
 */
export function chartRoutes(deps: ChartRouteDeps): Route[] {
  const perIp = createRateLimiter(deps.limits?.perIp ?? { capacity: 60, perSecond: 1 });
  const perLink = createRateLimiter(deps.limits?.perLink ?? { capacity: 30, perSecond: 0.5 });
  const admit = (limiter: RateLimiter, key: string, now: Date, res: ServerResponse) => {
    const t = limiter.take(key, now.getTime());
    if (!t.allowed) refuse(res, 429, { 'retry-after': String(t.retryAfterSeconds) });
    return t.allowed;
  };
  const handler: Route['handler'] = async (req, res, params) => {
    const now = deps.now();
    const name = params.name!;
    if (!name.endsWith('.png')) return refuse(res, 404);
    const token = name.slice(0, -'.png'.length);
    const link = verifyChartToken(token, deps.secret, now);
    if (!link.ok) return refuse(res, link.reason === 'malformed' ? 404 : 403);
    if (!admit(perLink, token, now, res)) return;
    if (!admit(perIp, clientAddress(req, deps.trustProxy ?? null), now, res)) return;
    const png = await renderChartPng(await chartSvg(deps.kpi, link.spec));
    const maxAge = Math.max(0, Math.floor((link.expiresAt.getTime() - now.getTime()) / 1000));
    res.writeHead(200, {
      'content-type': 'image/png', 'content-length': String(png.length),
      'cache-control': `public, max-age=${maxAge}`, 'x-content-type-options': 'nosniff',
    });
    res.end(png);
  };
  return [{ method: 'GET', path: /^\/charts\/(?<name>[^/]{1,512})$/, handler }];
}
