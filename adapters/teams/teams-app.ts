import {
  ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ChatSurface } from '../../src/chat/chat-surface.js';
import { HttpError } from '../http/respond.js';
import type { Route } from '../http/server.js';
import { ArbotTeamsBot } from './teams-bot.js';
import type { TeamsDeps } from './teams-context.js';
import { botRequest, botResponse, isLoopback } from './http-shim.js';
import { connectorMessages, type TeamsMessages } from './teams-messages.js';
import { teamsSurface } from './teams-surface.js';
import { unsafeDropClientRetries, unsafeLimitClientTime, type ThrottlePolicy } from './teams-throttle.js';

export interface TeamsOptions {
  /** MICROSOFT_APP_ID: set, every inbound activity's JWT is verified by botbuilder (401 otherwise). */
  readonly appId?: string | undefined;
  readonly appPassword?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /**
   * TEAMS_LOCAL=1 without an app id: no authentication (the Bot Framework Emulator, tests), so requests are
   * accepted from loopback addresses only (403 otherwise).
   */
  readonly local: boolean;
  readonly throttle?: ThrottlePolicy;
  /** Per request to the Bot Connector; a connector that never answers must not hold the alerts job. Default 15 s. */
  readonly timeoutMs?: number;
}

const httpUrl = z.string().max(2048).refine((u) => {
  try {
    return ['http:', 'https:'].includes(new URL(u).protocol);
  } catch {
    return false;
  }
});

/**
 * What every activity Teams (and the Emulator) sends carries: botbuilder trusts these fields and, when one is
 * missing or of another type, fails deep in a turn (or in the apology it then tries to send) and answers 500,
 * which Teams retries. Refused here as the 400 a malformed request is.
 */
const activityEnvelope = z.object({
  type: z.string().min(1).max(100),
  channelId: z.string().min(1).max(100),
  serviceUrl: httpUrl,
  from: z.object({ id: z.string().min(1).max(1000) }).loose(),
  conversation: z.object({ id: z.string().min(1).max(1000) }).loose(),
}).loose();

export interface TeamsAdapter {
  readonly adapter: CloudAdapter;
  readonly bot: ArbotTeamsBot;
  /** The app id proactive posts are made as ('' in local mode). */
  readonly appId: string;
  /** Posting and updating cards through the Bot Connector. */
  readonly messages: TeamsMessages;
  /** The handlers' dependencies. */
  readonly deps: TeamsDeps;
  /** POST /api/messages on arbot's one HTTP server. */
  readonly routes: Route[];
  /** Teams' cards as the chat core redraws them after a change: to register on the core (`core.addSurface`). */
  readonly surface: ChatSurface;
}

/**
 * The Bot Framework adapter (CloudAdapter) on arbot's HTTP server. Every botbuilder import of arbot lives under
 * adapters/teams/: the Bot Framework SDK is archived upstream (its successor is the Microsoft 365 Agents SDK),
 * and moving to it must touch this folder only.
 */
export function createTeamsAdapter(opts: TeamsOptions, deps: TeamsDeps): TeamsAdapter {
  if (!opts.appId && !opts.local) throw new Error('Teams needs MICROSOFT_APP_ID (or TEAMS_LOCAL=1 for the Emulator and tests)');
  const settings = {
    MicrosoftAppId: opts.appId ?? '',
    MicrosoftAppPassword: opts.appPassword ?? '',
    MicrosoftAppType: opts.appType,
    MicrosoftAppTenantId: opts.tenantId ?? '',
  };
  // An empty app id turns authentication off in botbuilder: that is the local mode, guarded by the loopback check.
  const auth = new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings));
  const adapter = new CloudAdapter(auth);
  // Every turn, inbound or proactive: throttling is waited out by arbot, briefly, not by the HTTP client for hours.
  adapter.use(async (context, next) => {
    unsafeDropClientRetries(context);
    unsafeLimitClientTime(context, opts.timeoutMs ?? 15_000);
    await next();
  });
  const appId = opts.appId ?? '';
  const messages = connectorMessages({ conversations: deps.conversations, posted: deps.messages }, adapter, appId, opts.throttle);
  const bot = new ArbotTeamsBot(deps);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // A proactive turn (an alert card being posted) has nobody to apologise to: posting "sorry" into the
    // conversation would add a message per failed attempt and hide the error. Thrown on, the alert queue records
    // the error and retries.
    if (context.activity.type === ActivityTypes.Event && context.activity.name === 'ContinueConversation') throw error;
    const ref = randomUUID();
    deps.log.error({ ref, err: error.message, code: (error as { code?: string }).code, activity: context.activity.type }, 'teams turn failed');
    await context.sendActivity(`Sorry, something went wrong on arbot's side (reference ${ref}). Try again in a moment.`);
  };
  const local = !opts.appId;
  return {
    adapter, bot, appId, messages, deps, surface: teamsSurface(messages, deps.core),
    routes: [{
      method: 'POST',
      path: '/api/messages',
      handler: async (req, res) => {
        if (local && !isLoopback(req.socket.remoteAddress)) {
          throw new HttpError(403, 'forbidden', 'arbot runs Teams without authentication (TEAMS_LOCAL=1): only local requests are accepted');
        }
        const request = await botRequest(req, !local);
        if (!activityEnvelope.safeParse(request.body).success) {
          throw new HttpError(400, 'invalid_activity', 'not a Bot Framework activity: type, channelId, serviceUrl, from.id and conversation.id are required');
        }
        try {
          await adapter.process(request, botResponse(res), (context) => bot.run(context));
        } catch (err) {
          // botbuilder parses the activity before its own error handling: a malformed one throws here.
          if (res.headersSent) throw err;
          throw new HttpError(400, 'invalid_activity', `not a Bot Framework activity: ${(err as Error).message.slice(0, 200)}`);
        }
      },
    }],
  };
}
