import { createServer, type IncomingMessage, type Server } from 'node:http';

// A local Bot Connector: what Teams' serviceUrl answers. It records every activity arbot sends or updates, gives
// out activity ids, answers member lookups, and can be scripted to throttle (429 with Retry-After) or fail (500).

export interface RecordedActivity {
  readonly method: 'POST' | 'PUT';
  readonly conversationId: string;
  /** The id arbot updated (PUT) or replied to (POST …/activities/{id}). */
  readonly activityId: string | null;
  readonly authorization: string | null;
  readonly activity: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- activity JSON, asserted by each test
}

export interface FakeMember {
  readonly id: string;
  readonly aadObjectId: string;
  readonly email: string;
  readonly name: string;
}

export interface FakeTeams {
  /** The serviceUrl to put in inbound activities. */
  readonly serviceUrl: string;
  readonly activities: RecordedActivity[];
  /** Activities posted or updated in a conversation (the thread part of the id ignored unless `exact`). */
  in(conversationId: string, exact?: boolean): RecordedActivity[];
  /** The next `count` connector calls answer `status` (429 carries Retry-After: `retryAfter` seconds). */
  failNext(count: number, status: 429 | 500 | 503, retryAfter?: string): void;
  /** Forgets an activity, as if someone deleted the message: updating it answers 404. */
  deleteActivity(id: string): void;
  /** Calls answered with a scripted failure so far. */
  readonly failures: { status: number; method: string; path: string }[];
  close(): Promise<void>;
}

async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startFakeTeams(opts: { members?: readonly FakeMember[] } = {}): Promise<FakeTeams> {
  const activities: RecordedActivity[] = [];
  const failures: { status: number; method: string; path: string }[] = [];
  const known = new Set<string>();
  const scripted: { status: number; retryAfter?: string }[] = [];
  let next = 1;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const fail = scripted.shift();
    if (fail) {
      failures.push({ status: fail.status, method: req.method ?? '', path: url.pathname });
      await json(req);
      send(fail.status, { error: { code: fail.status === 429 ? 'Throttled' : 'ServiceError', message: 'scripted failure' } },
        fail.retryAfter === undefined ? {} : { 'retry-after': fail.retryAfter });
      return;
    }
    // /v3/conversations/{conversationId}/activities[/{activityId}] and /members/{userId}
    if (parts[0] !== 'v3' || parts[1] !== 'conversations' || parts[2] === undefined) return send(404, { error: { code: 'NotFound' } });
    const conversationId = parts[2];
    if (req.method === 'GET' && parts[3] === 'members' && parts[4] !== undefined) {
      const m = opts.members?.find((x) => x.id === parts[4] || x.aadObjectId === parts[4]);
      if (!m) return send(404, { error: { code: 'MemberNotFoundInConversation', message: 'no such member' } });
      return send(200, { id: m.id, aadObjectId: m.aadObjectId, email: m.email, userPrincipalName: m.email, name: m.name });
    }
    if (parts[3] !== 'activities') return send(404, { error: { code: 'NotFound' } });
    const activity = await json(req);
    const activityId = parts[4] ?? null;
    const authorization = req.headers.authorization ?? null;
    if (req.method === 'PUT') {
      if (activityId === null || !known.has(activityId)) return send(404, { error: { code: 'ActivityNotFoundInConversation', message: 'not found' } });
      activities.push({ method: 'PUT', conversationId, activityId, authorization, activity });
      return send(200, { id: activityId });
    }
    if (req.method === 'POST') {
      const id = `1:act${next++}`;
      known.add(id);
      activities.push({ method: 'POST', conversationId, activityId, authorization, activity });
      return send(201, { id });
    }
    send(405, { error: { code: 'MethodNotAllowed' } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    activities,
    failures,
    in: (conversationId, exact = false) => activities.filter((a) => (exact ? a.conversationId : a.conversationId.split(';messageid=')[0]) === conversationId),
    failNext(count, status, retryAfter) {
      for (let i = 0; i < count; i++) scripted.push({ status, ...(retryAfter === undefined ? {} : { retryAfter }) });
    },
    deleteActivity: (id) => { known.delete(id); },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
