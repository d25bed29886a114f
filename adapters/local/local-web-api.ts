import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../src/log.js';
import type { SlackEmulatorStore } from '../../src/ports/local-slack-store.js';
import { HttpError, readBody, sendJson } from '../http/respond.js';
import type { Route } from '../http/server.js';
import { isFromThisMachine } from './http-kit.js';
import { localBot, ownerIdOf, type LocalUser } from './local-directory.js';
import { createSlackEmulator, type SlackEmulator } from './slack-emulator/emulator.js';
import { readWebApiArgs } from './slack-emulator/web-api-args.js';

/**
 * The local workspace's Slack: the Slack emulator (adapters/local/slack-emulator) with the owners as its people, their
 * channels, and its Web API served at `/local/api/<method>` on arbot's own server for the local WebClient. Block Kit
 * limits are checked as Slack checks them, so a card Slack would refuse fails here too (logged as a warning) instead
 * of being shown.
 */
export interface LocalSlackDeps {
  readonly store: SlackEmulatorStore;
  readonly now: () => Date;
  readonly users: () => Promise<LocalUser[]>;
  /** e.g. http://127.0.0.1:3000, for permalinks. */
  readonly origin: () => string;
}

/** A DM with a local user is the channel `D<user id>`; posting to the user id itself lands there too (as in Slack). */
export function dmChannel(userId: string): string {
  return `D${userId}`;
}

const channelName = /^[a-z0-9][a-z0-9_-]{0,79}$/;

/** A trigger id names the user it was minted for; views.open needs nothing else from it. */
export function localTriggerId(userId: string): string {
  return `${Date.now()}.${userId}.${randomBytes(6).toString('hex')}`;
}

export function localSlackEmulator(d: LocalSlackDeps): SlackEmulator {
  const known = async (id: string) => (await d.users()).some((u) => u.id === id);
  return createSlackEmulator({
    identity: { teamId: localBot.teamId, teamName: 'arbot (local)', appId: localBot.appId, botUserId: localBot.userId, botId: localBot.botId },
    tokens: [localBot.token],
    validateBlocks: true,
    now: d.now,
    store: d.store,
    profile: {
      users: async () => (await d.users()).map((u) => ({ id: u.id, email: u.email, name: u.email.split('@')[0]!, realName: u.name })),
      async resolveChannel(channel) {
        const user = ownerIdOf(channel) !== null ? channel : /^DL\d+$/.test(channel) ? channel.slice(1) : null;
        if (user !== null) return (await known(user)) ? dmChannel(user) : null;
        return channelName.test(channel) ? channel : null;
      },
      canAddress: known,
      userOfTrigger: (trigger) => /^\d+\.(L\d+)\.[0-9a-f]+$/.exec(trigger)?.[1] ?? null,
      permalink: (channel, ts) => `${d.origin()}/local/c/${encodeURIComponent(channel)}#m-${encodeURIComponent(ts)}`,
      workspaceUrl: () => `${d.origin()}/local/`,
    },
  });
}

export function localWebApiRoutes(slack: SlackEmulator, log: Logger): Route[] {
  return [{
    method: 'POST',
    path: /^\/local\/api\/(?<method>[A-Za-z.]+)$/,
    handler: async (req: IncomingMessage, res: ServerResponse, params) => {
      if (!isFromThisMachine(req)) throw new HttpError(403, 'forbidden', 'the local Web API answers arbot itself only');
      const name = params.method ?? '';
      const raw = (await readBody(req, 2 * 1024 * 1024)).toString('utf8');
      const { methodArgs, token } = readWebApiArgs(raw, req.headers['content-type'] ?? null, new URL(req.url ?? '/', 'http://local').searchParams, req.headers.authorization);
      const answer = await slack.call(name, methodArgs, token);
      if (answer.error === 'unknown_method') log.warn({ method: name }, 'local workspace: arbot called a Web API method the local workspace does not implement');
      // Slack would refuse these too: say so loudly, the card is missing from the workspace.
      else if (answer.error === 'invalid_blocks' || answer.error === 'invalid_arguments') log.warn({ method: name, error: answer.error, problems: answer.response_metadata?.messages }, 'local Web API refused blocks Slack would refuse');
      else if (!answer.ok) log.debug({ method: name, error: answer.error }, 'local Web API answered an error');
      sendJson(res, 200, answer);
    },
  }];
}
