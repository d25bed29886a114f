import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A loopback HTTP proxy in front of a local fake provider (Slack, Teams' Bot Connector, SendGrid) that injects the
// faults a real network and a real provider produce. Each request takes the next scripted fault whose `match`
// accepts it; unmatched requests pass through. What matters for exactly-once is whether the provider *applied* the
// request: `reset-before` and `hang` never forward it, `reset-after` and `late` forward it (the fake applies it)
// and then lose or delay the answer.

export type Fault =
  /** Answer this without forwarding (a 429 with Retry-After, a 500): the provider did not apply the request. */
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string }
  /** Read the request, then drop the connection without forwarding: not applied, but the client cannot know. */
  | { readonly kind: 'reset-before' }
  /** Forward, let the provider apply it, then drop the client's connection instead of answering. */
  | { readonly kind: 'reset-after' }
  /** Read the request and never answer nor forward (until the proxy closes): the client's timeout must end it. */
  | { readonly kind: 'hang' }
  /** Forward at once (applied), answer the client `ms` later: after its timeout when `ms` is long enough. */
  | { readonly kind: 'late'; readonly ms: number };

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  /** The fault applied, or 'pass'. */
  readonly fault: Fault['kind'] | 'pass';
  /** Whether the request reached the provider behind the proxy. */
  readonly forwarded: boolean;
}

export interface FaultProxy {
  /** e.g. "http://127.0.0.1:41234" (no trailing slash). */
  readonly url: string;
  readonly requests: ProxiedRequest[];
  /** Queues `fault` for the next `times` requests that `match` accepts (method and path). */
  inject(match: (method: string, path: string) => boolean, fault: Fault, times?: number): void;
  /** Scripted faults not used yet. */
  pending(): number;
  /** Drops every scripted fault still queued. */
  clear(): void;
  close(): Promise<void>;
}

interface Scripted {
  readonly match: (method: string, path: string) => boolean;
  readonly fault: Fault;
}

/** Matches POST to a path ending with `suffix` (e.g. '/chat.postMessage', '/v3/mail/send', '/activities'). */
export const postTo = (suffix: string) => (method: string, path: string) => method === 'POST' && path.split('?')[0]!.endsWith(suffix);

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const scripted: Scripted[] = [];
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();

  const forward = (req: IncomingMessage, body: Buffer) => new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
    const headers = { ...req.headers, host: target.host };
    const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void (async () => {
      const body = Buffer.concat(chunks);
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const i = scripted.findIndex((s) => s.match(method, path));
      const fault = i >= 0 ? scripted.splice(i, 1)[0]!.fault : null;
      const forwarded = fault === null || fault.kind === 'reset-after' || fault.kind === 'late';
      requests.push({ method, path, body: body.toString('utf8'), fault: fault?.kind ?? 'pass', forwarded });
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? '{}');
        return;
      }
      if (fault?.kind === 'reset-before') return void req.socket.destroy();
      if (fault?.kind === 'hang') return void hanging.add(res);
      let answer;
      try {
        answer = await forward(req, body);
      } catch {
        return void req.socket.destroy();
      }
      if (fault?.kind === 'reset-after') return void req.socket.destroy();
      if (fault?.kind === 'late') await new Promise((r) => setTimeout(r, fault.ms));
      if (req.socket.destroyed) return;
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      delete headers.connection;
      res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
      res.end(answer.body);
    })());
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject(match, fault, times = 1) {
      for (let k = 0; k < times; k++) scripted.push({ match, fault });
    },
    pending: () => scripted.length,
    clear: () => void scripted.splice(0),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      hanging.clear();
      server.close(() => resolve());
    }),
  };
}
