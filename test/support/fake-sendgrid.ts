import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received, as it arrived. */
export interface FakeSendGridRequest {
  readonly method: string;
  /** Path and query, e.g. "/v3/mail/send". */
  readonly path: string;
  /** Node lower-cases header names: `headers.authorization`, `headers['content-type']`. */
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  /** The parsed JSON body; null when the body is empty or not JSON. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the v3 JSON, asserted by each test
  /** `Authorization: Bearer <apiKey>` was right. */
  readonly authorized: boolean;
  /** What the fake did: the status it answered, or "destroyed" when it dropped the connection. */
  readonly answer: number | 'destroyed';
  /** The x-message-id of a 2xx answer to mail/send. */
  readonly messageId: string | null;
}

/** A scripted answer. Without `body`, a 2xx is empty and anything else gets no body. */
export type FakeSendGridResponse =
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: unknown; readonly delayMs?: number }
  /** Reads the whole request, then destroys the socket: the client sees a reset after sending ("socket hang up"). */
  | { readonly destroySocket: true; readonly delayMs?: number };

export interface FakeSendGrid {
  /** Base URL for SENDGRID_API_URL / createSendGridSender({ baseUrl }), e.g. "http://127.0.0.1:41234". */
  readonly url: string;
  /** The key the fake accepts; starts with "SG." so @sendgrid/client does not warn. */
  readonly apiKey: string;
  /** Every request, in arrival order (unauthorized and refused ones included). */
  readonly requests: FakeSendGridRequest[];
  /** Bodies of the mail/send requests answered 2xx: what SendGrid would have sent. */
  accepted(): any[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- see body above
  /** Queues answers for the next authorized requests, in order; when the queue is empty the default answers. */
  enqueue(...responses: FakeSendGridResponse[]): void;
  /** Replaces the default answer (202 with a fresh x-message-id on mail/send, 404 elsewhere). */
  setDefault(response: FakeSendGridResponse | null): void;
  /** Resolves once at least `count` requests arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Forgets recorded requests and queued answers; keeps the server and key. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeSendGridOptions {
  readonly apiKey?: string;
  /** Answer 400 like SendGrid to a mail/send body it would refuse (missing fields, duplicate recipients). Default true. */
  readonly validate?: boolean;
}

/** A SendGrid-shaped error answer: `{ errors: [{ message, field, help: null }] }`. */
export function sendGridError(
  status: number, message: string, field: string | null = null, headers: Record<string, string> = {},
): FakeSendGridResponse {
  return { status, headers, body: { errors: [{ message, field, help: null }] } };
}

/** 429 with Retry-After in seconds, as SendGrid rate limits. */
export function tooManyRequests(retryAfterSeconds: number): FakeSendGridResponse {
  return sendGridError(429, 'too many requests', null, { 'retry-after': String(retryAfterSeconds) });
}

const mailSendPath = '/v3/mail/send';

/**
 * Starts a local node:http server speaking SendGrid's v3 API on 127.0.0.1 and a free port. Point @sendgrid/mail
 * at it (setApiKey, then setDefaultRequest('baseUrl', url)) or pass `url` and `apiKey` to createSendGridSender.
 */
export async function startFakeSendGrid(options: FakeSendGridOptions = {}): Promise<FakeSendGrid> {
  const apiKey = options.apiKey ?? `SG.fake.${randomBytes(12).toString('hex')}`;
  const validate = options.validate ?? true;
  const requests: FakeSendGridRequest[] = [];
  const queue: FakeSendGridResponse[] = [];
  let fallback: FakeSendGridResponse | null = null;
  let sequence = 0;
  const waiters = new Set<() => void>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const body = parseJson(rawBody);
      const path = req.url ?? '/';
      const authorized = req.headers.authorization === `Bearer ${apiKey}`;
      const isMailSend = req.method === 'POST' && path === mailSendPath;

      let response: FakeSendGridResponse;
      if (!authorized) {
        response = sendGridError(401, 'The provided authorization grant is invalid, expired, or revoked');
      } else {
        response = queue.shift() ?? fallback ?? (isMailSend ? { status: 202 } : sendGridError(404, 'resource not found'));
        if ('status' in response && response.status >= 200 && response.status < 300 && isMailSend && validate) {
          const problem = refusal(body);
          if (problem) response = sendGridError(400, problem.message, problem.field);
        }
      }

      const messageId = 'status' in response && response.status >= 200 && response.status < 300 && isMailSend
        ? `fake${++sequence}.${randomBytes(6).toString('hex')}`
        : null;
      requests.push({
        method: req.method ?? 'GET', path, headers: req.headers, rawBody, body, authorized,
        answer: 'status' in response ? response.status : 'destroyed', messageId,
      });
      for (const wake of waiters) wake();

      const act = () => ('destroySocket' in response ? req.socket.destroy() : answer(res, response, messageId));
      if (response.delayMs) setTimeout(act, response.delayMs);
      else act();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    accepted: () => requests
      .filter((r) => r.path === mailSendPath && typeof r.answer === 'number' && r.answer >= 200 && r.answer < 300)
      .map((r) => r.body),
    enqueue: (...responses) => void queue.push(...responses),
    setDefault: (response) => void (fallback = response),
    waitForRequests: (count, timeoutMs = 5000) => new Promise<void>((resolve, reject) => {
      const check = () => {
        if (requests.length < count) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake SendGrid: expected ${count} requests within ${timeoutMs} ms, got ${requests.length}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    }),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      fallback = null;
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      // Clients keep connections alive; close them so close() does not wait for their idle timeout.
      server.closeAllConnections();
    }),
  };
}

function answer(res: ServerResponse, response: { status: number; headers?: Readonly<Record<string, string>>; body?: unknown }, messageId: string | null): void {
  const headers: Record<string, string> = { ...response.headers };
  if (messageId) headers['x-message-id'] = messageId;
  if (response.body === undefined) {
    res.writeHead(response.status, { ...headers, 'content-length': '0' }).end();
    return;
  }
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, { 'content-type': 'application/json', ...headers }).end(text);
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The checks SendGrid makes most often, with its wording, so a wrong request fails in tests as it would live. */
function refusal(body: any): { message: string; field: string | null } | null { // eslint-disable-line @typescript-eslint/no-explicit-any -- unchecked JSON
  if (body === null || typeof body !== 'object') return { message: 'Bad Request', field: null };
  const ps = body.personalizations;
  if (!Array.isArray(ps) || ps.length === 0) {
    return { message: 'The personalizations field is required and must have at least one personalization.', field: 'personalizations' };
  }
  for (const [i, p] of ps.entries()) {
    if (!Array.isArray(p?.to) || p.to.length === 0) {
      return { message: 'The to array is required for all personalization objects, and must have at least one email object with a valid email address.', field: `personalizations.${i}.to` };
    }
    const seen = new Set<string>();
    for (const kind of ['to', 'cc', 'bcc'] as const) {
      for (const a of p[kind] ?? []) {
        if (typeof a?.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(a.email)) {
          return { message: 'Does not contain a valid address.', field: `personalizations.${i}.${kind}` };
        }
        const key = a.email.toLowerCase();
        if (seen.has(key)) {
          return {
            message: `Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [${a.email}] in the personalizations.${i}.${kind} field.`,
            field: `personalizations.${i}.${kind}`,
          };
        }
        seen.add(key);
      }
    }
  }
  if (typeof body.from?.email !== 'string') return { message: 'The from object must be provided for every email send.', field: 'from' };
  if (!body.template_id) {
    if (typeof body.subject !== 'string' || body.subject === '') {
      return { message: 'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.', field: 'subject' };
    }
    if (!Array.isArray(body.content) || body.content.length === 0 || body.content.some((c: any) => typeof c?.value !== 'string' || c.value === '')) { // eslint-disable-line @typescript-eslint/no-explicit-any -- unchecked JSON
      return { message: 'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.', field: 'content' };
    }
  }
  for (const [k, v] of Object.entries(body.custom_args ?? {})) {
    if (typeof v !== 'string') return { message: `custom_args values must be strings (${k})`, field: 'custom_args' };
  }
  if (Array.isArray(body.categories) && body.categories.length > 10) {
    return { message: 'Too many categories on this message. The maximum number of categories is 10.', field: 'categories' };
  }
  return null;
}
