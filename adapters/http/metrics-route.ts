import type { PrometheusMetrics } from '../metrics/prometheus.js';
import { requireBearer } from './bearer.js';
import type { Route } from './server.js';

/** GET /metrics in Prometheus' text format; behind a bearer token when METRICS_TOKEN is set. */
export function metricsRoutes(metrics: PrometheusMetrics, token: string | undefined): Route[] {
  return [{
    method: 'GET', path: '/metrics',
    handler: async (req, res) => {
      if (token) requireBearer(req, token);
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
      res.end(body);
    },
  }];
}
