import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackEmulator, type SlackEmulator } from '../../adapters/local/slack-emulator/emulator.js';
import type { EmulatorUser } from '../../adapters/local/slack-emulator/emulator-types.js';
import { readWebApiArgs } from '../../adapters/local/slack-emulator/web-api-args.js';
import { MemorySlackStore, type FakeSlackEphemeral, type FakeSlackMessage, type FakeSlackView } from './memory-slack-store.js';
import { slackTestIds } from './slack-test-ids.js';

export type { FakeSlackEphemeral, FakeSlackMessage, FakeSlackView } from './memory-slack-store.js';

/** A person of the fake's directory (users.lookupByEmail, users.info). */
export type FakeSlackUser = EmulatorUser;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- Web API arguments and answers are unchecked JSON

/** The pseudo-method under which posts to a minted response_url are recorded, awaited and scripted. */
export const RESPONSE_URL = 'response_url';

/** One request the fake received: a Web API call, or a post to a response_url (method `response_url`). */
export interface FakeSlackCall {
  /** Arrival order across all methods, from 1. */
  readonly seq: number;
  readonly method: string;
  /** Form fields or JSON body, with `blocks`, `attachments`, `view`, `metadata` JSON-parsed. Form values stay strings. */
  readonly args: Json;
  readonly rawBody: string;
  readonly contentType: string | null;
  /** Node lower-cases names: `headers.authorization`. */
  readonly headers: IncomingHttpHeaders;
  /** The token the call carried (Bearer header, else the `token` form field); null without one. */
  readonly token: string | null;
  /** The HTTP status the fake answered and the JSON it sent. */
  readonly status: number;
  readonly response: Json;
  /** For response_url posts: the id in /respond/<id>. */
  readonly responseUrlId?: string;
}

/**
 * A scripted answer for the next call of a method. With `status` or `body`, that is what the fake sends and no
 * state changes; with only `delayMs`, the real answer is computed and sent late (a slow Slack).
 */
export interface FakeSlackAnswer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly delayMs?: number;
}

/** HTTP 429 as Slack rate-limits: a `Retry-After` header in seconds and `{ ok: false, error: 'ratelimited' }`. */
export function ratelimited(retryAfterSeconds = 1): FakeSlackAnswer {
  return { status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } };
}

/** A platform error: HTTP 200 with `{ ok: false, error }`, e.g. `slackError('channel_not_found')`. */
export function slackError(error: string, extra: Record<string, unknown> = {}): FakeSlackAnswer {
  return { status: 200, body: { ok: false, error, ...extra } };
}

/** A non-JSON HTTP failure such as a 500 or 503 from Slack's edge. */
export function httpError(status = 500, text = 'Internal Server Error'): FakeSlackAnswer {
  return { status, headers: { 'content-type': 'text/plain' }, body: text };
}

/** The real answer, `ms` late. */
export function delayed(ms: number): FakeSlackAnswer {
  return { delayMs: ms };
}

export interface FakeSlackOptions {
  /** Bearer tokens accepted; default `[slackTestIds.botToken]` ('xoxb-test'). */
  tokens?: readonly string[];
  /** Directory for users.lookupByEmail and users.info. */
  users?: readonly FakeSlackUser[];
  /** When given, only these channel ids (and DMs) exist; otherwise any C…/G…/D… id does. */
  channels?: readonly string[];
  /** Refuse blocks and views over Block Kit limits like Slack (invalid_blocks / invalid_arguments). Default true. */
  validateBlocks?: boolean;
}

export interface ResponseUrlContext {
  /** The channel and message the interaction came from: replace_original / delete_original act on it. */
  channel?: string;
  messageTs?: string;
  /** Who sees ephemeral responses. */
  userId?: string;
  id?: string;
}

export interface FakeSlack {
  /** e.g. "http://127.0.0.1:41234". */
  readonly url: string;
  /** For `clientOptions.slackApiUrl` / `new WebClient(token, { slackApiUrl })`: `${url}/api/`. */
  readonly apiUrl: string;
  readonly token: string;
  readonly ids: typeof slackTestIds;
  /** Every call in arrival order (refused and scripted ones included), or only those of one method. */
  calls(method?: string): FakeSlackCall[];
  /** Top-level messages of a channel as they are now (updates applied), deleted ones left out, oldest first. */
  messages(channel: string): FakeSlackMessage[];
  /** The replies in a thread, oldest first. */
  replies(channel: string, threadTs: string): FakeSlackMessage[];
  /** One message by ts (top-level or reply), deleted ones left out. */
  message(channel: string, ts: string): FakeSlackMessage | undefined;
  /** The newest top-level message of a channel. */
  lastMessage(channel: string): FakeSlackMessage | undefined;
  /** Ephemeral messages (chat.postEphemeral and ephemeral response_url posts), optionally of one channel. */
  ephemerals(channel?: string): FakeSlackEphemeral[];
  /** Modals opened and updated, by view id. */
  views(): FakeSlackView[];
  /** The home tab published for a user. */
  homeView(userId: string): FakeSlackView | undefined;
  /** Mints a response_url served by the fake; posts to it are recorded as method `response_url`. */
  responseUrl(context?: ResponseUrlContext): string;
  /** Posts received on response URLs, optionally of one id. */
  responses(id?: string): FakeSlackCall[];
  /** Queues scripted answers for the next authorized calls of `method` (or `response_url`), in order. */
  enqueue(method: string, ...answers: FakeSlackAnswer[]): void;
  /** Deletes a message as a user would: chat.update on it then answers message_not_found. */
  deleteMessage(channel: string, ts: string): void;
  addUser(user: FakeSlackUser): void;
  /** Resolves with the calls of `method` once there are at least `count`; rejects after `timeoutMs`. */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<FakeSlackCall[]>;
  /** Forgets calls, messages, views, scripted answers and response URLs; keeps the server, tokens and users. */
  reset(): void;
  close(): Promise<void>;
}

interface HttpAnswer {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

/**
 * The Slack emulator of the local workspace (adapters/local/slack-emulator) with an in-memory store, served by a
 * local node:http server on 127.0.0.1 and a free port: `POST /api/<method>` form-encoded (as @slack/web-api sends) or
 * JSON, plus response URLs at `POST /respond/<id>`. What the harness adds is for tests only: every call recorded,
 * scripted answers (rate limits, HTTP errors, delays) and synchronous views of the stored conversation.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const ids = slackTestIds;
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  const store = new MemorySlackStore(ids.botUserId, ids.botId);
  let url = '';
  const resolveChannel = (channel: string): string | null => {
    if (/^[UW][A-Z0-9]+$/.test(channel)) return `D${channel.slice(1)}`;
    if (channel.startsWith('D')) return channel;
    if (options.channels) return options.channels.includes(channel) ? channel : null;
    return /^[CG][A-Z0-9]+$/.test(channel) ? channel : null;
  };
  const emulator: SlackEmulator = createSlackEmulator({
    identity: { teamId: ids.teamId, teamName: ids.teamDomain, appId: ids.apiAppId, botUserId: ids.botUserId, botId: ids.botId },
    tokens: options.tokens ?? [ids.botToken],
    validateBlocks: options.validateBlocks ?? true,
    now: () => new Date(),
    store,
    profile: {
      users: async () => [...users.values()],
      resolveChannel: async (channel) => resolveChannel(channel),
      // Slack knows who is in a channel; the fake lets the app address anyone.
      canAddress: async () => true,
      // Test trigger ids name nobody: each modal stands alone.
      userOfTrigger: () => '',
      permalink: (channel, ts) => `https://${ids.teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
      workspaceUrl: () => `https://${ids.teamDomain}.slack.com/`,
    },
  });
  const calls: FakeSlackCall[] = [];
  const queues = new Map<string, FakeSlackAnswer[]>();
  const waiters = new Set<() => void>();

  const record = (call: Omit<FakeSlackCall, 'seq'>) => {
    calls.push({ seq: calls.length + 1, ...call });
    for (const wake of waiters) wake();
  };
  /** A scripted answer replaces the real one when it carries a status or body; a bare delay only delays it. */
  const script = async (method: string): Promise<HttpAnswer | null> => {
    const scripted = queues.get(method)?.shift();
    if (scripted?.delayMs) await sleep(scripted.delayMs);
    if (!scripted || (scripted.status === undefined && scripted.body === undefined)) return null;
    return { status: scripted.status ?? 200, body: scripted.body ?? { ok: true }, ...(scripted.headers ? { headers: { ...scripted.headers } } : {}) };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const api = /^\/api\/([\w.]+)$/.exec(path);
      const respond = /^\/respond\/([\w-]+)$/.exec(path);
      if (api) void handleApi(api[1]!, req, res, rawBody);
      else if (respond && req.method === 'POST') void handleResponseUrl(respond[1]!, req, res, rawBody);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
  });

  async function handleApi(method: string, req: IncomingMessage, res: ServerResponse, rawBody: string) {
    const contentType = req.headers['content-type'] ?? null;
    const { args, methodArgs, token } = readWebApiArgs(rawBody, contentType, new URL(req.url ?? '/', 'http://fake').searchParams, req.headers.authorization);
    const scripted = emulator.accepts(token) ? await script(method) : null;
    const answer = scripted ?? { status: 200, body: await emulator.call(method, methodArgs, token) };
    record({ method, args, rawBody, contentType, headers: req.headers, token, status: answer.status, response: answer.body });
    send(res, answer);
  }

  async function handleResponseUrl(id: string, req: IncomingMessage, res: ServerResponse, rawBody: string) {
    // A URL the test never minted is accepted, with no conversation behind it.
    if (!emulator.hasResponseUrl(id)) emulator.mintResponseUrl({}, id);
    let body: Json = null;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = null;
    }
    const answer = (await script(RESPONSE_URL)) ?? (await emulator.respond(id, rawBody));
    record({
      method: RESPONSE_URL, args: body, rawBody, contentType: req.headers['content-type'] ?? null, headers: req.headers, token: null,
      status: answer.status, response: answer.body, responseUrlId: id,
    });
    send(res, answer);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const live = (channel: string) => store.messagesByChannel.get(resolveChannel(channel) ?? channel) ?? [];

  return {
    url,
    apiUrl: `${url}/api/`,
    token: (options.tokens ?? [ids.botToken])[0]!,
    ids,
    calls: (method) => (method ? calls.filter((c) => c.method === method) : [...calls]),
    messages: (channel) => live(channel).filter((m) => !m.deleted && !m.threadTs),
    replies: (channel, threadTs) => live(channel).filter((m) => !m.deleted && m.threadTs === threadTs),
    message: (channel, ts) => live(channel).find((m) => !m.deleted && m.ts === ts),
    lastMessage: (channel) => live(channel).filter((m) => !m.deleted && !m.threadTs).at(-1),
    ephemerals: (channel) => store.ephemerals.filter((e) => channel === undefined || e.channel === channel),
    views: () => [...store.views.values()],
    homeView: (userId) => store.homes.get(userId),
    responseUrl: (context = {}) => {
      const id = emulator.mintResponseUrl(
        { ...(context.channel ? { channel: context.channel } : {}), messageTs: context.messageTs ?? null, ...(context.userId ? { userId: context.userId } : {}) },
        context.id ?? randomBytes(8).toString('hex'),
      );
      return `${url}/respond/${id}`;
    },
    responses: (id) => calls.filter((c) => c.method === RESPONSE_URL && (id === undefined || c.responseUrlId === id)),
    enqueue: (method, ...answers) => {
      const queue = queues.get(method) ?? [];
      queue.push(...answers);
      queues.set(method, queue);
    },
    deleteMessage: (channel, ts) => {
      const m = live(channel).find((x) => x.ts === ts);
      if (!m) throw new Error(`fake Slack: no message ${ts} in ${channel}`);
      m.deleted = true;
    },
    addUser: (user) => void users.set(user.id, user),
    waitFor: (method, count = 1, timeoutMs = 5000) => new Promise<FakeSlackCall[]>((resolve, reject) => {
      const matching = () => calls.filter((c) => c.method === method);
      const check = () => {
        if (matching().length < count) return;
        cleanup();
        resolve(matching());
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = calls.map((c) => c.method).join(', ') || 'nothing';
        reject(new Error(`fake Slack: expected ${count} ${method} call(s) within ${timeoutMs} ms, got ${matching().length} (saw: ${seen})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    }),
    reset: () => {
      calls.length = 0;
      queues.clear();
      emulator.reset();
      store.reset();
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      // Clients keep connections alive; close them so close() does not wait for their idle timeout.
      server.closeAllConnections();
    }),
  };
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  const isText = typeof answer.body === 'string';
  res.writeHead(answer.status, {
    'content-type': isText ? 'text/plain' : 'application/json; charset=utf-8',
    ...answer.headers,
  }).end(isText ? answer.body : JSON.stringify(answer.body));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
