import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Authorize, type Receiver } from '@slack/bolt';
import { ErrorCode, LogLevel as WebLogLevel, WebClient } from '@slack/web-api';
import type { Route } from '../http/server.js';
import { registerSlackListeners } from './listeners.js';
import { inFlightCounter } from '../in-flight.js';
import { bufferSlackBody, slackBodyBudget, slackMaxBodyBytes } from './slack-body.js';
import type { SlackDeps } from './slack-context.js';

export interface SlackOptions {
  readonly botToken?: string;
  readonly signingSecret: string;
  /** SLACK_APP_TOKEN: Socket Mode (a WebSocket Slack opens to us) instead of HTTP requests, for development. */
  readonly appToken?: string;
  /** SLACK_API_URL: the Web API base (tests point it at a local server). */
  readonly apiUrl?: string;
  /** Tests pass one instead of a token, so no auth.test call is made. */
  readonly authorize?: Authorize<boolean>;
  /**
   * Answer Slack's HTTP request only once the listener has finished (tests: every effect is visible when the
   * request returns). Off in production: the listener's ack() answers at once, and slow work follows it.
   */
  readonly processBeforeResponse?: boolean;
  /** Per Web API request; a Slack that never answers must not hold a job or a listener. Default 10 s. */
  readonly timeoutMs?: number;
  /** How long stop() waits for listeners still at work after their ack. Default 15 s. */
  readonly stopGraceMs?: number;
}

/**
 * The WebClient retries network failures (a reset, a timeout) by default, like 429s. After a reset or a timeout
 * Slack may already have applied the call, and chat.postMessage has no idempotency key: a retry posts a second
 * message. So only calls Slack refused (429, waited out) are retried in the client; a network failure is thrown
 * and arbot's queues retry later (p-retry stops retrying when onFailedAttempt throws).
 */
export const slackRetries = {
  retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000,
  onFailedAttempt: (err: { code?: unknown }) => {
    if (err.code === ErrorCode.RequestError) throw err;
  },
};

/**
 * A Web API client configured as the app's own (same base URL, retries and timeout), for processes that post to
 * Slack without receiving from it (`arbot jobs run`).
 */
export function slackWebClient(token: string, apiUrl?: string, timeoutMs = 10_000): WebClient {
  const base = apiUrl ? (apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`) : undefined;
  return new WebClient(token, { ...(base ? { slackApiUrl: base } : {}), retryConfig: slackRetries, timeout: timeoutMs, logLevel: WebLogLevel.WARN });
}

export interface SlackAdapter {
  readonly app: App;
  /** POST /slack/events on arbot's one HTTP server (none in Socket Mode). */
  readonly routes: Route[];
  readonly mode: 'http' | 'socket';
  stop(): Promise<void>;
}

/**
 * The Bolt app. Over HTTP it is mounted on arbot's server rather than Bolt's own: Bolt's HTTPReceiver verifies
 * every request's signature and timestamp (401 otherwise) and routes it to the listeners. In Socket Mode the same
 * listeners receive what arrives on the WebSocket, which Slack authenticates with the app token.
 */
export async function createSlackAdapter(opts: SlackOptions, deps: SlackDeps): Promise<SlackAdapter> {
  const apiUrl = opts.apiUrl ? (opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/`) : undefined;
  const http = opts.appToken
    ? null
    : new HTTPReceiver({
      signingSecret: opts.signingSecret, endpoints: '/slack/events', processBeforeResponse: opts.processBeforeResponse ?? false,
      // bufferSlackBody reads the body first, within this limit; Bolt's own is the backstop.
      bodyLimit: slackMaxBodyBytes,
      // Listener errors never get here (app.error below takes them): what does is Bolt failing to read a signed
      // envelope before any listener runs (a block_actions without a user, say). That is a bad request, not a
      // server fault, so it gets a 400 instead of Bolt's default 500.
      processEventErrorHandler: async ({ error, response }) => {
        if (response.headersSent) return false;
        deps.log.warn({ err: (error as Error).message }, 'slack request refused: Bolt could not read its envelope');
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'bad_request', message: 'not a Slack request Bolt can read' } }));
        return true;
      },
    });
  const receiver: Receiver = http ?? new SocketModeReceiver({
    appToken: opts.appToken!,
    logLevel: LogLevel.WARN,
    // apps.connections.open goes to the same Web API base as every other call.
    ...(apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: apiUrl } } } : {}),
  });
  const app = new App({
    receiver,
    ...(opts.authorize ? { authorize: opts.authorize } : { token: opts.botToken }),
    logLevel: LogLevel.WARN,
    // Initialised below with await, so a wrong token stops the start with a clear error instead of a stray rejection.
    deferInitialization: true,
    clientOptions: {
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
      // The client waits out 429 Retry-After itself; beyond a few tries, arbot's alert queue retries with backoff
      // instead of holding a listener or a job for the client's default half hour.
      retryConfig: slackRetries,
      timeout: opts.timeoutMs ?? 10_000,
    },
  });
  app.error(async (err) => {
    deps.log.error({ err: err.message, code: (err as { code?: string }).code }, 'slack listener failed');
  });
  // A listener acks first and works after (processBeforeResponse off): the HTTP server no longer counts it as in
  // flight, so stop() waits for these itself, or closing the database would cut a click's change short.
  const working = inFlightCounter();
  app.use(async ({ next }) => {
    working.add();
    try {
      await next();
    } finally {
      working.done();
    }
  });
  registerSlackListeners(app, deps);
  await app.init();
  if (!http) await app.start();
  const budget = slackBodyBudget();
  return {
    app,
    mode: http ? 'http' : 'socket',
    routes: http ? [{
      method: 'POST', path: '/slack/events',
      handler: async (req, res) => {
        await bufferSlackBody(req, Date.now(), budget);
        await http.requestListener(req, res);
      },
    }] : [],
    stop: async () => {
      if (!http) await app.stop();
      if (!(await working.idle(opts.stopGraceMs ?? 15_000))) {
        deps.log.warn({ listeners: working.count() }, 'slack listeners still at work when stopping; their remaining work is cut short');
      }
    },
  };
}
