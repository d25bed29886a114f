import { App, HTTPReceiver, LogLevel, type Authorize } from '@slack/bolt';
import type { Route } from '../http/server.js';
import { registerSlackListeners } from './listeners.js';
import type { SlackDeps } from './slack-context.js';

export interface SlackOptions {
  readonly botToken?: string;
  readonly signingSecret: string;
  /** SLACK_API_URL: the Web API base (tests point it at a local server). */
  readonly apiUrl?: string;
  /** Tests pass one instead of a token, so no auth.test call is made. */
  readonly authorize?: Authorize<boolean>;
}

export interface SlackAdapter {
  readonly app: App;
  /** POST /slack/events on arbot's one HTTP server: commands, interactions and events. */
  readonly routes: Route[];
}

/**
 * The Bolt app on HTTP, mounted on arbot's server rather than Bolt's own: Bolt's HTTPReceiver verifies every
 * request's signature and timestamp (401 otherwise) and routes it to the listeners registered here.
 */
export async function createSlackAdapter(opts: SlackOptions, deps: SlackDeps): Promise<SlackAdapter> {
  const receiver = new HTTPReceiver({
    signingSecret: opts.signingSecret,
    endpoints: '/slack/events',
    // Listeners ack first and then work; answering only when they finish keeps retries and tests deterministic.
    processBeforeResponse: true,
  });
  const app = new App({
    receiver,
    ...(opts.authorize ? { authorize: opts.authorize } : { token: opts.botToken }),
    logLevel: LogLevel.WARN,
    // Initialised below with await, so a wrong token stops the start with a clear error instead of a stray rejection.
    deferInitialization: true,
    clientOptions: {
      ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/` } : {}),
      // The client waits out 429 Retry-After itself; beyond a few tries, arbot's alert queue retries with backoff
      // instead of holding a listener or a job for the client's default half hour.
      retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 },
    },
  });
  app.error(async (err) => {
    deps.log.error({ err: err.message, code: (err as { code?: string }).code }, 'slack listener failed');
  });
  registerSlackListeners(app, deps);
  await app.init();
  return {
    app,
    routes: [{ method: 'POST', path: '/slack/events', handler: (req, res) => receiver.requestListener(req, res) }],
  };
}
