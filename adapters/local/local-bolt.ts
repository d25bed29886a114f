import { App, LogLevel } from '@slack/bolt';
import { WebClient, type FetchFunction } from '@slack/web-api';
import { registerSlackListeners } from '../slack/listeners.js';
import type { SlackDeps } from '../slack/slack-context.js';
import { localBot } from './local-directory.js';
import { LocalReceiver } from './local-receiver.js';

/**
 * The Bolt app is built before arbot's server listens, so its WebClient gets this stand-in origin, and every request
 * it makes (Web API calls, response_url posts) is sent to the server's real address once it is known.
 */
const standIn = 'http://arbot-local.invalid';

export interface LocalBolt {
  readonly app: App;
  readonly receiver: LocalReceiver;
  /** The bot's own client (alerts, refreshes outside an interaction): the same Web API as the listeners'. */
  readonly client: WebClient;
}

/**
 * A second Bolt app, in-process, with every arbot listener registered through `registerSlackListeners` (as on Slack)
 * but fed by the local workspace: same handlers, same Block Kit, same Web API calls, so the two cannot drift.
 */
export function createLocalBolt(deps: SlackDeps, origin: () => string): LocalBolt {
  const fetchLocal: FetchFunction = (url, init) => {
    const target = String(url);
    return fetch(target.startsWith(standIn) ? origin() + target.slice(standIn.length) : target, init as RequestInit) as ReturnType<FetchFunction>;
  };
  const clientOptions = {
    slackApiUrl: `${standIn}/local/api/`,
    fetch: fetchLocal,
    // arbot's own server answers at once or not at all: no point retrying for half an hour.
    retryConfig: { retries: 0 },
  };
  const receiver = new LocalReceiver();
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: localBot.token, botId: localBot.botId, botUserId: localBot.userId }),
    logLevel: LogLevel.ERROR,
    clientOptions,
  });
  app.error(async (err) => {
    LocalReceiver.noteError(err);
    deps.log.error({ err: err.message, code: (err as { code?: string }).code }, 'local workspace listener failed');
  });
  registerSlackListeners(app, { ...deps, platform: 'local' });
  return { app, receiver, client: new WebClient(localBot.token, clientOptions) };
}
