import { join } from 'node:path';
import type { ChatCore } from '../../src/chat/chat-core.js';
import type { ChatSurface } from '../../src/chat/chat-surface.js';
import type { RoutingFacts } from '../../src/domain/alert-routing.js';
import type { Logger } from '../../src/log.js';
import type { ChatMessages } from '../../src/ports/chat-messages.js';
import type { LocalSlackStore } from '../../src/ports/local-slack-store.js';
import type { AlertChannel, PendingAlert } from '../../src/services/dispatch-alerts.js';
import type { Route } from '../http/server.js';
import { slackAlertPublisher } from '../slack/slack-alert-publisher.js';
import { slackSurface } from '../slack/slack-surface.js';
import { clockRoutes } from './clock-routes.js';
import type { DemoClock } from './demo-clock.js';
import { interactionRoutes } from './interaction-routes.js';
import { createLocalBolt } from './local-bolt.js';
import { createLocalInbound } from './local-inbound.js';
import { loadLocalUsers } from './local-directory.js';
import { LocalResponseUrls } from './local-response-urls.js';
import { localAlertChannel } from './local-routing.js';
import { localSlackEmulator, localWebApiRoutes } from './local-web-api.js';
import { pageRoutes } from './page-routes.js';
import { replyRoutes } from './reply-routes.js';
import type { RunJobs, WorkspaceContext } from './workspace-context.js';
import type { WorkspaceMode } from './workspace-mode.js';

export type { JobRun, RunJobs } from './workspace-context.js';

export interface LocalWorkspaceOptions {
  /** The chat core of the process (its time and zone are the workspace's: the demo clock when on). */
  readonly core: ChatCore;
  readonly messages: ChatMessages;
  /** Who an alert goes to (sales, delivery and dispute owners); each is then sent to their local channel. */
  readonly routingFacts: (alert: PendingAlert) => Promise<RoutingFacts>;
  /** Where the local Slack keeps its messages and views (Postgres: adapters/postgres/local-slack-store.ts). */
  readonly slackStore: LocalSlackStore;
  readonly log: Logger;
  readonly clock: DemoClock;
  readonly mode: WorkspaceMode;
  readonly dataDir: string;
  readonly sendgrid: boolean;
  /** SENDGRID_INBOUND_PUBLIC_KEY is set: the inbound webhook verifies SendGrid's key, and the workspace cannot reply. */
  readonly inboundKeyConfigured: boolean;
}

export interface LocalWorkspace {
  /** Pages, the Web API subset, response URLs and the clock, all under /local (and `/` when served at the root). */
  readonly routes: Route[];
  /** Alerts to the local channels, for buildJobs' `channels`. */
  readonly alertChannel: AlertChannel;
  /** The local messages, redrawn by the core after an action on any surface. */
  readonly surface: ChatSurface;
  /** Once the server listens: where the local WebClient reaches it (http://127.0.0.1:PORT). */
  listening(origin: string): void;
  /** The scheduled jobs, for the demo clock's controls. */
  attachJobs(run: RunJobs): void;
  /**
   * The public key of the workspace's own Inbound Parse signing pair (base64 DER), for the inbound webhook to verify
   * "Reply as the customer" with; undefined when SENDGRID_INBOUND_PUBLIC_KEY is set.
   */
  readonly inboundPublicKey: string | undefined;
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
  const { core, messages } = o;
  const store = o.slackStore;
  const users = () => loadLocalUsers(store);
  const slack = localSlackEmulator({ store, now: core.now, users, origin: originOf });
  const bolt = createLocalBolt({ core, messages, log: o.log, platform: 'local' }, originOf);
  const responses = new LocalResponseUrls(slack, originOf);
  const inbound = createLocalInbound(o.inboundKeyConfigured, originOf);
  const ctx: WorkspaceContext = {
    log: o.log, zone: core.zone, now: core.now, clock: o.clock, mode: o.mode, bolt, responses, store, slack, users,
    outboxDir: join(o.dataDir, 'outbox'), sendgrid: o.sendgrid, inbound, runJobs: () => runJobs,
  };
  return {
    routes: [
      ...localWebApiRoutes(slack, o.log),
      ...responses.routes(),
      ...pageRoutes(ctx),
      ...interactionRoutes(ctx),
      ...clockRoutes(ctx),
      ...replyRoutes(ctx),
    ],
    alertChannel: localAlertChannel(o.routingFacts, slackAlertPublisher(bolt.client, messages, core.people, 'local'), users),
    surface: slackSurface(bolt.client, messages, 'local'),
    listening(at) {
      origin = at.replace(/\/+$/, '');
    },
    attachJobs(run) {
      runJobs = run;
    },
    inboundPublicKey: inbound.on ? inbound.publicKey : undefined,
  };
}
