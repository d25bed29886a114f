import { request } from 'node:http';
import { Writable } from 'node:stream';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartPng } from '../../adapters/charts/png.js';
import { chartRoutes } from '../../adapters/http/chart-routes.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { buildAgingChartSvg } from '../../blocks/charts/aging-chart-svg.js';
import { agingAltText, trendAltText } from '../../blocks/charts/chart-alt-text.js';
import { agingChartData, trendChartData } from '../../blocks/charts/chart-data.js';
import { buildTrendChartSvg } from '../../blocks/charts/trend-chart-svg.js';
import { loadConfig } from '../../src/config.js';
import { chartSizePx } from '../../src/domain/charts/chart-limits.js';
import type { ChartSpec } from '../../src/domain/charts/chart-spec.js';
import { chartLinkTtlMs, chartUrl, signChartToken } from '../../src/domain/charts/chart-token.js';
import { signStatementToken } from '../../src/domain/statement-link.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import { computeKpis, computeKpiTrend, type KpiDeps } from '../../src/services/compute-kpis.js';
import { insertLedger } from '../support/kpi-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
const secret = 'test-link-secret-0123456789abcdefghijklmnop';
const now = new Date('2026-12-06T10:00:00Z');
const expiresAt = new Date(now.getTime() + chartLinkTtlMs);

// At 2026-11-30, EUR (customer A, segment top): E1 1000.00 current; E2 500.00 15 days past due; E5 400.00 less 150.00
// paid = 250.00, 46 days; E3 300.00, 76 days; E4 200.00, 182 days. Open 2250.00, overdue 1250.00 (share 0.5556).
// Sales of (Sep 1, Nov 30]: E1 + E2 = 1500.00, so DSO = 2250 / 1500 × 90 = 135 days. USD (customer B, standard):
// U1 1234.56 issued Nov 1, due Dec 1: current.
const ledger = {
  customers: [{ key: 'A', segment: 'top', owner: null }, { key: 'B', segment: 'standard', owner: null }],
  invoices: [
    { key: 'E1', customer: 'A', currency: 'EUR', issue: '2026-11-20', due: '2026-12-20', amount: 100_000n },
    { key: 'E2', customer: 'A', currency: 'EUR', issue: '2026-10-01', due: '2026-11-15', amount: 50_000n },
    { key: 'E3', customer: 'A', currency: 'EUR', issue: '2026-08-01', due: '2026-09-15', amount: 30_000n },
    { key: 'E4', customer: 'A', currency: 'EUR', issue: '2026-05-01', due: '2026-06-01', amount: 20_000n },
    { key: 'E5', customer: 'A', currency: 'EUR', issue: '2026-09-01', due: '2026-10-15', amount: 40_000n },
    { key: 'U1', customer: 'B', currency: 'USD', issue: '2026-11-01', due: '2026-12-01', amount: 123_456n },
  ],
  payments: [{ key: 'P1', customer: 'A', currency: 'EUR', received: '2026-11-01', allocations: [{ invoice: 'E5', amount: 15_000n }] }],
  creditNotes: [],
  disputes: [],
};

let db: TestDb;
let app: Running;
let base: string;
let kpi: KpiDeps;

beforeAll(async () => {
  db = await openTestDb();
  await insertLedger(db.sql, ledger);
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_LEDGER: 'off', SCHEDULER: 'off', LINK_SECRET: secret, PUBLIC_BASE_URL: 'https://ar.example.com' });
  app = await startServer(config, quiet, { db, now: () => now });
  base = `http://127.0.0.1:${app.port}`;
  kpi = { store: postgresKpiStore(db.sql, 'UTC'), zone: 'UTC', now: () => now };
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

/** GET with the target sent byte for byte (fetch would normalise "..", "%2F" and the like). */
function rawGet(at: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const u = new URL(at);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
const pathOf = (spec: ChartSpec, until = expiresAt) => `/charts/${signChartToken(spec, until, secret)}.png`;
/** The path with one character of its MAC changed (a middle one: the last holds padding bits, which would be malformed). */
const forge = (path: string) => {
  const i = path.indexOf('.') + 10;
  return path.slice(0, i) + (path[i] === 'A' ? 'B' : 'A') + path.slice(i + 1);
};
const request_ = (spec: ChartSpec) => ({ asOf: spec.asOf, currency: spec.currency ?? undefined, segment: spec.segment ?? undefined });

const trendAll: ChartSpec = { kind: 'trend', asOf: '2026-11-30', segment: null, currency: null };
const agingEur: ChartSpec = { kind: 'aging', asOf: '2026-11-30', segment: null, currency: 'EUR' };

describe('the figures a chart draws, against the hand-computed ledger', () => {
  it('aging of EUR at 2026-11-30', async () => {
    const data = agingChartData({ ...agingEur, currency: 'EUR' }, await computeKpis(kpi, request_(agingEur)));
    expect(data.aging).toEqual({ current: 100_000n, d1_30: 50_000n, d31_60: 25_000n, d61_90: 30_000n, d91_plus: 20_000n });
    expect(agingAltText(data)).toBe('Open receivables in EUR on 30 Nov 2026 by days past due: current €1,000.00; 1–30 €500.00; '
      + '31–60 €250.00; 61–90 €300.00; Over 90 €200.00; total €2,250.00.');
  });

  it('trend of every currency: DSO and overdue share at the last month end', async () => {
    const data = trendChartData(trendAll, await computeKpiTrend(kpi, request_(trendAll)));
    expect(data.series.map((s) => s.currency)).toEqual(['EUR', 'USD']);
    expect(data.series[0]!.points.at(-1)).toEqual({ month_end: '2026-11-30', dso_90d: 135, overdue_share_amount: 0.5556 });
    expect(trendAltText(data)).toContain('135 days in Nov 2026; overdue share');
    expect(trendAltText(data)).toMatch(/56% in Nov 2026\. DSO over 12 months in USD: /);
  });
});

describe('GET /charts/<signed id>.png', () => {
  it.each<[string, ChartSpec]>([
    ['the trend of every currency', trendAll],
    ['the trend of EUR for the top segment', { kind: 'trend', asOf: '2026-11-30', segment: 'top', currency: 'EUR' }],
    ['the aging of EUR', agingEur],
    ['the aging of USD for the standard segment, as of an earlier day', { kind: 'aging', asOf: '2026-11-10', segment: 'standard', currency: 'USD' }],
  ])('draws %s as of the id\'s date: a PNG of the chart size, cached until the id expires', async (_, spec) => {
    const res = await rawGet(base, pathOf(spec));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe(`public, max-age=${chartLinkTtlMs / 1000}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const img = PNG.sync.read(res.body);
    expect([img.width, img.height]).toEqual([chartSizePx.width, chartSizePx.height]);
    const svg = spec.kind === 'trend'
      ? buildTrendChartSvg(trendChartData(spec, await computeKpiTrend(kpi, request_(spec))))
      : buildAgingChartSvg(agingChartData({ ...spec, currency: spec.currency! }, await computeKpis(kpi, request_(spec))));
    expect(res.body.equals(await renderChartPng(svg))).toBe(true);
  });

  it('serves the URL chartUrl writes, with PUBLIC_BASE_URL pointing here', async () => {
    const url = chartUrl(base, secret, agingEur, now)!;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
  });

  it.each<[string, number, () => string]>([
    ['a forged signature', 403, () => forge(pathOf(trendAll))],
    ['an expired id', 403, () => pathOf(trendAll, new Date(now.getTime() - 1000))],
    ['an id signed with another secret', 403, () => `/charts/${signChartToken(trendAll, expiresAt, 'another-secret-0123456789abcdefghijkl')}.png`],
    ['a statement link token', 403, () => `/charts/${signStatementToken({ customerId: 1n, expiresAt }, secret)}.png`],
    ['no .png', 404, () => pathOf(trendAll).replace(/\.png$/, '')],
    ['another extension', 404, () => pathOf(trendAll).replace(/\.png$/, '.svg')],
    ['a malformed id', 404, () => '/charts/not-a-token.png'],
    ['an overlong id', 404, () => `/charts/${'A'.repeat(500)}.png`],
    ['an NUL byte', 404, () => '/charts/%00.png'],
    ['a traversal', 404, () => '/charts/..%2F..%2Fetc%2Fpasswd.png'],
    ['a dot-dot segment', 404, () => '/charts/../charts/x.png'],
    ['a nested path', 404, () => `/charts/a${pathOf(trendAll)}`],
    ['an empty name', 404, () => '/charts/'],
    ['a target longer than the server reads (refused before any route)', 400, () => `/charts/${'%41'.repeat(3000)}.png`],
  ])('refuses %s with %s and no detail', async (_, status, path) => {
    const res = await rawGet(base, path());
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).not.toBe('image/png');
    const body = res.body.toString();
    expect(body).not.toMatch(/expired|signature|malformed|forged/i);
  });

  it('answers a request target no URL parser takes with a 400, and keeps serving', async () => {
    expect((await rawGet(base, '//[')).status).toBe(404);
    expect((await rawGet(base, 'http://[')).status).toBe(400);
    expect((await rawGet(base, pathOf(agingEur))).status).toBe(200);
  });
});

describe('rate limits', () => {
  let server: HttpServer;
  let at: string;
  beforeAll(async () => {
    server = createHttpServer(chartRoutes({
      kpi, secret, now: () => now,
      limits: { perLink: { capacity: 2, perSecond: 0.001 }, perIp: { capacity: 3, perSecond: 0.001 } },
    }), quiet);
    at = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });
  afterAll(async () => server?.close());

  it('spends a bucket only for a link that verifies, per link first, then per client address', async () => {
    const forged = forge(pathOf(trendAll));
    for (let k = 0; k < 5; k++) expect((await rawGet(at, forged)).status).toBe(403);
    const one = pathOf(agingEur);
    expect((await rawGet(at, one)).status).toBe(200);
    expect((await rawGet(at, one)).status).toBe(200);
    const limited = await rawGet(at, one);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['cache-control']).toBe('no-store');
    expect((await rawGet(at, pathOf(trendAll))).status).toBe(200); // its own link bucket; the address's third token
    expect((await rawGet(at, pathOf({ ...trendAll, currency: 'EUR' }))).status).toBe(429); // the address is spent
  });
});
