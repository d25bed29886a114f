import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../../src/log.js';
import { noMetrics, type Metrics } from '../../src/ports/metrics.js';
import { inFlightCounter } from '../in-flight.js';
import { HttpError, sendError } from './respond.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void> | void;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A literal path, or a pattern with named groups: /^\/api\/v1\/(?<kind>[a-z_]+)$/ */
  readonly path: string | RegExp;
  readonly handler: Handler;
}

export interface HttpServer {
  readonly server: Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting connections, lets requests in flight finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

function match(route: Route, method: string, path: string): Record<string, string> | null {
  if (route.method !== method) return null;
  if (typeof route.path === 'string') return route.path === path ? {} : null;
  const m = route.path.exec(path);
  return m ? { ...(m.groups ?? {}) } : null;
}

/**
 * How a route is named in metrics: its literal path, or its pattern with each named group as `:name`
 * (`/api/v1/:kind`), never the requested path, which may carry a token.
 */
export function routeLabel(route: Route): string {
  if (typeof route.path === 'string') return route.path;
  return route.path.source.replace(/^\^/, '').replace(/\$$/, '').replace(/\(\?<(\w+)>[^)]*\)/g, ':$1').replace(/\\\//g, '/');
}

/** One HTTP server for health, metrics, the import API, chat platforms, webhooks and the dispute page. */
export function createHttpServer(routes: readonly Route[], log: Logger, metrics: Metrics = noMetrics): HttpServer {
  const inFlight = inFlightCounter();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const id = randomUUID();
    inFlight.add();
    let label = 'unmatched';
    res.on('close', () => {
      inFlight.done();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      metrics.http(label, req.method ?? 'GET', res.statusCode, ms / 1000);
      // Dispute links carry a bearer-like token in the path: never log it.
      const path = (req.url?.split('?')[0] ?? '').replace(/^\/d\/.+/, '/d/[token]');
      log.debug({ req_id: id, method: req.method, path, status: res.statusCode, ms }, 'http');
    });
    const url = new URL(req.url ?? '/', 'http://local');
    try {
      const hits = routes.map((r) => ({ r, params: match(r, req.method ?? 'GET', url.pathname) }));
      const hit = hits.find((h) => h.params !== null);
      if (!hit) {
        const allowed = routes.some((r) => match({ ...r, method: req.method as Route['method'] }, req.method ?? '', url.pathname));
        throw allowed
          ? new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`)
          : new HttpError(404, 'not_found', `no route ${url.pathname}`);
      }
      label = routeLabel(hit.r);
      await hit.r.handler(req, res, hit.params!);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
      } else if (err instanceof HttpError) {
        sendError(res, err);
      } else {
        log.error({ req_id: id, err }, 'request failed');
        sendError(res, new HttpError(500, 'internal', `something went wrong on our side; reference ${id}`));
      }
    }
  });
  server.requestTimeout = 120_000;
  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      }),
    close: async (graceMs = 10_000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await inFlight.idle(graceMs);
      server.closeAllConnections();
      await closed;
    },
  };
}
