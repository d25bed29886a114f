import { join } from 'node:path';
import type { Logger } from '../../src/log.js';
import type { LocalSlackStore } from '../../src/ports/local-slack-store.js';
import type { AlertChannel } from '../../src/services/dispatch-alerts.js';
import type { Route } from '../http/server.js';
import type { Sql } from '../postgres/connect.js';
import { slackAlertPublisher } from '../slack/slack-alert-publisher.js';
import type { RightsSettings } from '../../src/services/chat-actions/rights-settings.js';
import { slackDeps } from '../slack/slack-context.js';
import { clockRoutes } from './clock-routes.js';
import type { DemoClock } from './demo-clock.js';
import { interactionRoutes } from './interaction-routes.js';
import { createLocalBolt } from './local-bolt.js';
import { loadLocalUsers } from './local-directory.js';
import { LocalResponseUrls } from './local-response-urls.js';
import { localAlertChannel } from './local-routing.js';
import { localSlackEmulator, localWebApiRoutes } from './local-web-api.js';
import { pageRoutes } from './page-routes.js';
import type { RunJobs, WorkspaceContext } from './workspace-context.js';
import type { WorkspaceMode } from './workspace-mode.js';

export type { JobRun, RunJobs } from './workspace-context.js';

export interface LocalWorkspaceOptions {
  readonly sql: Sql;
  /** Where the local Slack keeps its messages and views (Postgres: adapters/postgres/local-slack-store.ts). */
  readonly slackStore: LocalSlackStore;
  readonly log: Logger;
  readonly zone: string;
  readonly now: () => Date;
  readonly clock: DemoClock;
  readonly mode: WorkspaceMode;
  readonly dataDir: string;
  readonly sendgrid: boolean;
  /** PAUSE_MAX_DAYS, PROMISE_MAX_DAYS and AR_LOOKUP, as on Slack; the defaults when absent. */
  readonly rights?: RightsSettings;
}

export interface LocalWorkspace {
  /** Pages, the Web API subset, response URLs and the clock, all under /local (and `/` when served at the root). */
  readonly routes: Route[];
  /** Alerts to the local channels, for buildJobs' `channels`. */
  readonly alertChannel: AlertChannel;
  /** Once the server listens: where the local WebClient reaches it (http://127.0.0.1:PORT). */
  listening(origin: string): void;
  /** The scheduled jobs, for the demo clock's controls. */
  attachJobs(run: RunJobs): void;
}

/**
 * The local workspace: a Slack stand-in in the browser, driven by the same Bolt listeners as Slack (a second,
 * in-process Bolt app with a local receiver), its Web API served by arbot itself, its state in Postgres.
 */
export function createLocalWorkspace(o: LocalWorkspaceOptions): LocalWorkspace {
  let origin: string | null = null;
  let runJobs: RunJobs | null = null;
  const originOf = () => {
    if (origin === null) throw new Error('the local workspace is not listening yet');
    return origin;
  };
  const store = o.slackStore;
  const users = () => loadLocalUsers(store);
  const slack = localSlackEmulator({ store, now: o.now, users, origin: originOf });
  const bolt = createLocalBolt(slackDeps({ sql: o.sql, log: o.log, now: o.now, zone: o.zone, platform: 'local', ...(o.rights ? { rights: o.rights } : {}) }), originOf);
  const responses = new LocalResponseUrls(slack, originOf);
  const ctx: WorkspaceContext = {
    sql: o.sql, log: o.log, zone: o.zone, now: o.now, clock: o.clock, mode: o.mode, bolt, responses, store, slack, users,
    outboxDir: join(o.dataDir, 'outbox'), sendgrid: o.sendgrid, runJobs: () => runJobs,
  };
  return {
    routes: [
      ...localWebApiRoutes(slack, o.log),
      ...responses.routes(),
      ...pageRoutes(ctx),
      ...interactionRoutes(ctx),
      ...clockRoutes(ctx),
    ],
    alertChannel: localAlertChannel(o.sql, slackAlertPublisher(o.sql, bolt.client, 'local'), users),
    listening(at) {
      origin = at.replace(/\/+$/, '');
    },
    attachJobs(run) {
      runJobs = run;
    },
  };
}
