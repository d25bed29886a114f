import { subject } from '../../src/domain/subject.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../adapters/http/health.js';
import { metricsRoutes } from '../../adapters/http/metrics-route.js';
import { createHttpServer, routeLabel, type HttpServer } from '../../adapters/http/server.js';
import { measuredJob, measuredPublisher, measuredSender } from '../../adapters/metrics/measured.js';
import { prometheusMetrics, type PrometheusMetrics } from '../../adapters/metrics/prometheus.js';
import type { EmailSender } from '../../src/ports/email-sender.js';
import { quietLog } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// GET /metrics in Prometheus' text format: HTTP latency by route pattern, emails and chat posts by outcome, job
// runs, and the shared queues' depth and age read from Postgres at scrape time.

let db: TestDb;
let metrics: PrometheusMetrics;
let http: HttpServer;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  metrics = prometheusMetrics(db.sql);
  http = createHttpServer([...healthRoutes(db.sql), ...metricsRoutes(metrics, 'metrics-secret')], quietLog, metrics);
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await db?.close();
});

async function scrape(): Promise<string> {
  const r = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer metrics-secret' } });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return r.text();
}
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /metrics', () => {
  it('refuses a scrape without the bearer token when METRICS_TOKEN is set', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
  });

  it('times HTTP requests by route pattern and status class, never by raw path', async () => {
    for (let k = 0; k < 3; k++) expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/d/secret-token-here`)).status).toBe(404);
    const text = await scrape();
    expect(sample(text, 'arbot_http_request_duration_seconds_count{route="/healthz",method="GET",status="2xx"}')).toBe(3);
    expect(sample(text, 'arbot_http_request_duration_seconds_count{route="unmatched",method="GET",status="4xx"}')).toBe(1);
    expect(text).not.toContain('secret-token-here');
  });

  it('names pattern routes with their parameters', () => {
    expect(routeLabel({ method: 'POST', path: /^\/api\/v1\/(?<kind>[a-z_]+)$/, handler: () => {} })).toBe('/api/v1/:kind');
  });

  it('counts emails by outcome, chat posts by result and job runs by status', async () => {
    const outcomes: Awaited<ReturnType<EmailSender['send']>>[] = [
      { outcome: 'sent', provider: 'test', messageId: 'm1' }, { outcome: 'unknown', reason: 'reset' }, { outcome: 'rejected', reason: 'bad', status: 400 },
    ];
    const sender = measuredSender({ name: 'test', send: async () => outcomes.shift()! }, metrics);
    for (let k = 0; k < 3; k++) await sender.send({} as never);
    const publisher = measuredPublisher({ platform: 'slack', publish: async (s) => { if (s.id === 2n) throw new Error('channel_not_found'); } }, metrics);
    await publisher.publish(subject('alert', 1n), 'C1', {} as never, null);
    await expect(publisher.publish(subject('alert', 2n), 'C1', {} as never, null)).rejects.toThrow('channel_not_found');
    const job = measuredJob({ name: 'alerts', schedule: '* * * * *', description: '', run: async () => ({}) }, metrics);
    await job.run(undefined as never, new Date());
    const text = await scrape();
    expect(sample(text, 'arbot_emails_total{outcome="sent"}')).toBe(1);
    expect(sample(text, 'arbot_emails_total{outcome="in_doubt"}')).toBe(1);
    expect(sample(text, 'arbot_emails_total{outcome="failed"}')).toBe(1);
    expect(sample(text, 'arbot_chat_posts_total{platform="slack",result="ok"}')).toBe(1);
    expect(sample(text, 'arbot_chat_posts_total{platform="slack",result="error"}')).toBe(1);
    expect(sample(text, 'arbot_job_runs_total{job="alerts",status="done"}')).toBe(1);
  });

  it('reads the queues from Postgres at each scrape', async () => {
    const empty = await scrape();
    expect(sample(empty, 'arbot_queue_depth{queue="alerts"}')).toBe(0);
    expect(sample(empty, 'arbot_queue_oldest_age_seconds{queue="alerts"}')).toBe(0);
    await db.sql`INSERT INTO alerts (kind, dedupe_key, raised_at, created_at) VALUES
      ('payment_unmatched', 'm:1', now(), now() - interval '90 seconds'), ('payment_unmatched', 'm:2', now(), now())`;
    await db.sql`INSERT INTO alerts (kind, dedupe_key, raised_at, dead_at) VALUES ('payment_unmatched', 'm:3', now(), now())`;
    const text = await scrape();
    expect(sample(text, 'arbot_queue_depth{queue="alerts"}')).toBe(2);
    expect(sample(text, 'arbot_queue_depth{queue="alerts_dead"}')).toBe(1);
    expect(sample(text, 'arbot_queue_oldest_age_seconds{queue="alerts"}')).toBeGreaterThanOrEqual(89);
    expect(sample(text, 'arbot_queue_depth{queue="emails"}')).toBe(0);
  });
});
