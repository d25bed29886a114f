import client from 'prom-client';
import type { Sql } from '../postgres/connect.js';
import type { Metrics } from '../../src/ports/metrics.js';

export interface PrometheusMetrics extends Metrics {
  readonly registry: client.Registry;
}

/**
 * Metrics in a registry of their own (never prom-client's global one, so two servers in one process, as in tests,
 * do not mix). Counters and histograms count this process; the queue gauges read Postgres at each scrape, so every
 * instance reports the same shared queues.
 */
export function prometheusMetrics(sql: Sql): PrometheusMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'arbot_process_' });
  const emails = new client.Counter({
    name: 'arbot_emails_total', help: 'Customer emails handed to the provider, by outcome (sent, retry, failed, in_doubt)',
    labelNames: ['outcome'] as const, registers: [registry],
  });
  const chat = new client.Counter({
    name: 'arbot_chat_posts_total', help: 'Alert messages posted or updated in chat, by platform and result',
    labelNames: ['platform', 'result'] as const, registers: [registry],
  });
  const jobs = new client.Counter({
    name: 'arbot_job_runs_total', help: 'Runs of scheduled jobs, by job and status', labelNames: ['job', 'status'] as const, registers: [registry],
  });
  const jobSeconds = new client.Histogram({
    name: 'arbot_job_duration_seconds', help: 'Duration of scheduled job runs', labelNames: ['job'] as const,
    buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300], registers: [registry],
  });
  const httpSeconds = new client.Histogram({
    name: 'arbot_http_request_duration_seconds', help: 'HTTP request latency by route, method and status class',
    labelNames: ['route', 'method', 'status'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3, 10], registers: [registry],
  });
  // Both queue gauges come from one read per scrape: prom-client collects every metric at once, so the second
  // collect joins the read the first one started; the next scrape reads afresh.
  let inFlight: ReturnType<typeof depths> | null = null;
  const current = () => {
    inFlight ??= depths(sql).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  const queue = new client.Gauge({
    name: 'arbot_queue_depth', help: 'Work waiting in the durable queues (alerts to post, emails to send, dead letters, emails in doubt)',
    labelNames: ['queue'] as const, registers: [registry],
    async collect() {
      const d = await current();
      for (const [name, value] of Object.entries(d.depth)) this.set({ queue: name }, value);
    },
  });
  const age = new client.Gauge({
    name: 'arbot_queue_oldest_age_seconds', help: 'Age of the oldest waiting item per queue (0 when empty)',
    labelNames: ['queue'] as const, registers: [registry],
    async collect() {
      const d = await current();
      for (const [name, value] of Object.entries(d.age)) this.set({ queue: name }, value);
    },
  });
  void queue;
  void age;
  return {
    registry,
    email: (outcome) => emails.inc({ outcome }),
    chatPost: (platform, ok) => chat.inc({ platform, result: ok ? 'ok' : 'error' }),
    jobRun: (job, status, seconds) => {
      jobs.inc({ job, status });
      jobSeconds.observe({ job }, seconds);
    },
    http: (route, method, status, seconds) => httpSeconds.observe({ route, method, status: `${Math.floor(status / 100)}xx` }, seconds),
  };
}

/** The shared queues' depth and age, in one statement. */
async function depths(sql: Sql) {
  const [r] = await sql<{ alerts: number; alerts_age: number; dead: number; emails: number; emails_age: number; in_doubt: number }[]>`
    SELECT
      (SELECT count(*)::int FROM alerts WHERE posted_at IS NULL AND dead_at IS NULL) AS alerts,
      coalesce((SELECT extract(epoch FROM now() - min(created_at))::float8 FROM alerts WHERE posted_at IS NULL AND dead_at IS NULL), 0) AS alerts_age,
      (SELECT count(*)::int FROM alerts WHERE dead_at IS NOT NULL AND posted_at IS NULL) AS dead,
      (SELECT count(*)::int FROM reminder_emails WHERE status IN ('queued', 'sending')) AS emails,
      coalesce((SELECT extract(epoch FROM now() - min(scheduled_for))::float8 FROM reminder_emails WHERE status IN ('queued', 'sending')), 0) AS emails_age,
      (SELECT count(*)::int FROM reminder_emails WHERE status = 'in_doubt') AS in_doubt`;
  return {
    depth: { alerts: r!.alerts, alerts_dead: r!.dead, emails: r!.emails, emails_in_doubt: r!.in_doubt },
    age: { alerts: Math.max(0, r!.alerts_age), emails: Math.max(0, r!.emails_age) },
  };
}
