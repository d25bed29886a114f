import { loggedPath } from './logged-path.js';
import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../src/log.js';
import { noMetrics, type Metrics } from '../../src/ports/metrics.js';
import { inFlightCounter } from '../in-flight.js';
import { parseRequestTarget } from './request-target.js';
import { HttpError, sendError } from './respond.js';
import { closeAfterUnreadBody, discardUnreadBody } from './unread-body.js';

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

/** Requests node:http cannot parse (bad request line, header, chunk size) get a JSON 400/431/408 and a closed socket. */
function refuseUnparsable(err: Error & { code?: string }, socket: Duplex & { bytesWritten?: number }, log: Logger): void {
  // Only before anything was written on this connection: otherwise it would land inside another response.
  if (err.code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ error: { code: status === 431 ? 'headers_too_large' : status === 408 ? 'request_timeout' : 'bad_request', message: 'the request is not valid HTTP/1.1' } });
  log.debug({ code: err.code, status }, 'refused a request node:http could not parse');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n`
    + `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** The path as logged: never a dispute link's token, never more than 200 characters of a hostile target. */

/** One HTTP server for health, metrics, the import API, chat platforms, webhooks and the dispute page. */
export function createHttpServer(routes: readonly Route[], log: Logger, metrics: Metrics = noMetrics): HttpServer {
  const inFlight = inFlightCounter();
  const dispatch = async (req: IncomingMessage, res: ServerResponse, labelled: (label: string) => void) => {
    // Parsed here, inside the error boundary: a target no URL parser takes is a 400, never an exception outside it.
    const url = parseRequestTarget(req.url);
    if (!url) throw new HttpError(400, 'bad_request_target', 'the request target is not a path arbot serves');
    // Handlers read req.url again: from here on it is the parsed path and query (absolute-form becomes origin-form).
    req.url = url.pathname + url.search;
    const method = req.method ?? '';
    const hit = routes.map((r) => ({ r, params: match(r, method, url.pathname) })).find((h) => h.params !== null);
    if (!hit) {
      const allowed = routes.some((r) => match({ ...r, method: method as Route['method'] }, method, url.pathname));
      throw allowed
        ? new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}`)
        : new HttpError(404, 'not_found', `no route ${url.pathname.slice(0, 200)}`);
    }
    labelled(routeLabel(hit.r));
    await hit.r.handler(req, res, hit.params!);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const id = randomUUID();
    inFlight.add();
    let label = 'unmatched';
    res.on('finish', () => discardUnreadBody(req));
    res.on('close', () => {
      inFlight.done();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      metrics.http(label, req.method ?? 'GET', res.statusCode, ms / 1000);
      log.debug({ req_id: id, method: req.method, path: loggedPath(req.url), status: res.statusCode, ms }, 'http');
    });
    // Every failure ends here: an answer (4xx/5xx in the JSON shape of respond.ts) and at most one log line.
    dispatch(req, res, (l) => (label = l)).catch((err: unknown) => {
      if (req.destroyed && !(err instanceof HttpError)) {
        // The client went away mid-request (reset, early disconnect): nobody to answer, nothing went wrong here.
        log.debug({ req_id: id, path: loggedPath(req.url), err: (err as Error)?.message }, 'client left before the request was read');
        res.destroy();
      } else if (res.headersSent) {
        log.warn({ req_id: id, path: loggedPath(req.url), err: (err as Error)?.message }, 'request failed after its answer had started; connection closed');
        res.destroy();
      } else if (err instanceof HttpError) {
        // Refused before all of its body arrived (by its headers, a limit passed mid-stream): the answer ends the connection.
        closeAfterUnreadBody(req, res);
        sendError(res, err);
      } else {
        log.error({ req_id: id, path: loggedPath(req.url), err }, 'request failed');
        sendError(res, new HttpError(500, 'internal', `something went wrong on our side; reference ${id}`));
      }
    }).catch((err: unknown) => {
      // Writing the error answer itself failed (the socket is gone): nothing left to tell the client.
      log.warn({ req_id: id, err: (err as Error)?.message }, 'could not send an error answer');
      res.destroy();
    });
  });
  server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => refuseUnparsable(err, socket, log));
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
