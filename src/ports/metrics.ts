/**
 * What arbot counts for operators (exposed at GET /metrics in Prometheus format). Services never see it: adapters
 * and the wiring report through decorators (adapters/metrics/measured.ts).
 */
export interface Metrics {
  /** One customer email handed to the provider: sent, retry (not accepted, will retry), failed (refused), in_doubt. */
  email(outcome: 'sent' | 'retry' | 'failed' | 'in_doubt'): void;
  /** One alert message posted or updated on a chat platform, or a failure to. */
  chatPost(platform: string, ok: boolean): void;
  /** One run of a scheduled job. */
  jobRun(job: string, status: 'done' | 'failed', seconds: number): void;
  /** One HTTP request, by route (its pattern, never the raw path: tokens live in paths). */
  http(route: string, method: string, status: number, seconds: number): void;
}

/** Counts nothing: tests and tools that do not serve /metrics. */
export const noMetrics: Metrics = { email() {}, chatPost() {}, jobRun() {}, http() {} };
