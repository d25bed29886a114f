import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../src/log.js';
import { HttpError, readBody, sendJson } from '../http/respond.js';
import type { Route } from '../http/server.js';
import type { Sql } from '../postgres/connect.js';
import { withSlackIds } from './block-ids.js';
import { isFromThisMachine } from './http-kit.js';
import { localBot, ownerIdOf, type LocalUser } from './local-directory.js';
import {
  closeAllModals, deleteMessage, findView, findViewByExternalId, homeOf, insertMessage, insertView, nextSeq, publishHome,
  replaceView, topModal, updateMessage, type Json,
} from './local-store.js';

/**
 * The subset of the Slack Web API arbot calls, served at `/local/api/<method>` on arbot's own server for the local
 * workspace's WebClient: chat.postMessage/update/postEphemeral/delete/getPermalink, views.open/push/update/publish,
 * users.info/lookupByEmail, conversations.open/info and auth.test. Calls arrive as @slack/web-api sends them
 * (form-encoded, `blocks` and `view` as JSON strings, a Bearer token) and are answered as Slack answers them,
 * `{ ok: false, error }` included, so arbot's error handling is exercised as in Slack.
 */
export interface WebApiDeps {
  readonly sql: Sql;
  readonly now: () => Date;
  readonly log: Logger;
  readonly users: () => Promise<LocalUser[]>;
  /** e.g. http://127.0.0.1:3000, for permalinks. */
  readonly origin: () => string;
}

type Answer = Json & { ok: boolean };
type Method = (args: Json, d: WebApiDeps) => Promise<Answer>;

const fail = (error: string, extra: Json = {}): Answer => ({ ok: false, error, ...extra });
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const jsonFields = ['blocks', 'attachments', 'view', 'metadata'];

/** A DM with a local user is the channel `D<user id>`; posting to the user id itself lands there too (as in Slack). */
export function dmChannel(userId: string): string {
  return `D${userId}`;
}

const channelName = /^[a-z0-9][a-z0-9_-]{0,79}$/;

async function resolveChannel(channel: string | null, d: WebApiDeps): Promise<string | null> {
  if (channel === null) return null;
  const user = ownerIdOf(channel) !== null ? channel : /^DL\d+$/.test(channel) ? channel.slice(1) : null;
  if (user !== null) return (await d.users()).some((u) => u.id === user) ? dmChannel(user) : null;
  return channelName.test(channel) ? channel : null;
}

function blocksArg(args: Json, max: number): unknown[] | null | 'invalid' {
  if (args.blocks === undefined || args.blocks === null || args.blocks === '') return null;
  if (!Array.isArray(args.blocks) || args.blocks.length > max) return 'invalid';
  return withSlackIds(args.blocks);
}

function messageJson(channel: string, ts: string, text: string, blocks: unknown[] | null, threadTs: string | null): Json {
  return {
    type: 'message', user: localBot.userId, bot_id: localBot.botId, app_id: localBot.appId, team: localBot.teamId, text, ts,
    ...(threadTs ? { thread_ts: threadTs } : {}), ...(blocks ? { blocks } : {}),
  };
}

const postMessage: Method = async (args, d) => {
  const channel = await resolveChannel(str(args.channel), d);
  if (channel === null) return fail('channel_not_found');
  const blocks = blocksArg(args, 50);
  if (blocks === 'invalid') return fail('invalid_blocks');
  const text = str(args.text) ?? '';
  if (text === '' && blocks === null) return fail('no_text');
  const threadTs = str(args.thread_ts);
  const ts = await insertMessage(d.sql, { channel, threadTs, author: localBot.userId, text, blocks, visibleTo: null, postedAt: d.now() });
  return { ok: true, channel, ts, message: messageJson(channel, ts, text, blocks, threadTs) };
};

const update: Method = async (args, d) => {
  const channel = await resolveChannel(str(args.channel), d);
  const ts = str(args.ts);
  if (channel === null) return fail('channel_not_found');
  if (ts === null) return fail('message_not_found');
  const blocks = blocksArg(args, 50);
  if (blocks === 'invalid') return fail('invalid_blocks');
  const text = str(args.text) ?? '';
  if (!(await updateMessage(d.sql, channel, ts, text, blocks, d.now()))) return fail('message_not_found');
  return { ok: true, channel, ts, text, message: messageJson(channel, ts, text, blocks, null) };
};

const postEphemeral: Method = async (args, d) => {
  const channel = await resolveChannel(str(args.channel), d);
  const user = str(args.user);
  if (channel === null) return fail('channel_not_found');
  if (user === null || !(await d.users()).some((u) => u.id === user)) return fail('user_not_in_channel');
  const blocks = blocksArg(args, 50);
  if (blocks === 'invalid') return fail('invalid_blocks');
  const text = str(args.text) ?? '';
  if (text === '' && blocks === null) return fail('no_text');
  const ts = await insertMessage(d.sql, { channel, threadTs: str(args.thread_ts), author: localBot.userId, text, blocks, visibleTo: user, postedAt: d.now() });
  return { ok: true, message_ts: ts };
};

const chatDelete: Method = async (args, d) => {
  const channel = await resolveChannel(str(args.channel), d);
  const ts = str(args.ts);
  if (channel === null) return fail('channel_not_found');
  if (ts === null || !(await deleteMessage(d.sql, channel, ts, d.now()))) return fail('message_not_found');
  return { ok: true, channel, ts };
};

const permalink: Method = async (args, d) => {
  const channel = await resolveChannel(str(args.channel), d);
  if (channel === null) return fail('channel_not_found');
  return { ok: true, channel, permalink: `${d.origin()}/local/c/${encodeURIComponent(channel)}#m-${encodeURIComponent(str(args.message_ts) ?? '')}` };
};

/** A trigger id names the user it was minted for (see localTriggerId); views.open needs nothing else from it. */
export function localTriggerId(userId: string): string {
  return `${Date.now()}.${userId}.${randomBytes(6).toString('hex')}`;
}
const userOfTrigger = (trigger: string | null) => (trigger === null ? null : /^\d+\.(L\d+)\.[0-9a-f]+$/.exec(trigger)?.[1] ?? null);

/** A view as Slack answers views.open: the caller's view plus id, state, hash and the ids of its stack. */
async function storedView(d: WebApiDeps, input: Json, kind: 'modal' | 'home', id: string, rootId: string, previous: string | null): Promise<Json> {
  return {
    id,
    team_id: localBot.teamId,
    type: kind,
    blocks: withSlackIds(Array.isArray(input.blocks) ? input.blocks : []),
    private_metadata: str(input.private_metadata) ?? '',
    callback_id: str(input.callback_id) ?? '',
    state: { values: {} },
    hash: `${Math.floor(d.now().getTime() / 1000)}.${randomBytes(4).toString('hex')}`,
    clear_on_close: input.clear_on_close === true,
    notify_on_close: input.notify_on_close === true,
    external_id: str(input.external_id) ?? '',
    previous_view_id: previous,
    root_view_id: rootId,
    app_id: localBot.appId,
    app_installed_team_id: localBot.teamId,
    bot_id: localBot.botId,
    ...(kind === 'modal' ? { title: input.title, close: input.close ?? null, submit: input.submit ?? null } : {}),
  };
}

function viewArg(args: Json, type: 'modal' | 'home'): Json | string {
  const view = args.view;
  if (view === null || typeof view !== 'object' || Array.isArray(view)) return 'invalid_arguments';
  const v = view as Json;
  if (v.type !== type) return 'invalid_arguments';
  if (!Array.isArray(v.blocks) || v.blocks.length > 100) return 'invalid_arguments';
  return v;
}

const viewId = async (d: WebApiDeps) => `V${(await nextSeq(d.sql)).toString().padStart(10, '0')}`;

const viewsOpen = (push: boolean): Method => async (args, d) => {
  const user = userOfTrigger(str(args.trigger_id));
  if (user === null) return fail('invalid_trigger_id');
  const input = viewArg(args, 'modal');
  if (typeof input === 'string') return fail(input);
  const top = await topModal(d.sql, user);
  if (push && top === null) return fail('not_found');
  // A new root replaces whatever modal the user had open; a push goes on top (Slack allows three).
  if (!push) await closeAllModals(d.sql, user);
  if (push && top!.depth >= 2) return fail('push_limit_reached');
  const id = await viewId(d);
  const rootId = push ? top!.rootId : id;
  const view = await storedView(d, input, 'modal', id, rootId, push ? top!.id : null);
  await insertView(d.sql, { id, userId: user, kind: 'modal', rootId, depth: push ? top!.depth + 1 : 0, view });
  return { ok: true, view };
};

const viewsUpdate: Method = async (args, d) => {
  const id = str(args.view_id);
  const existing = id ? await findView(d.sql, id) : str(args.external_id) ? await findViewByExternalId(d.sql, str(args.external_id)!) : null;
  if (!existing) return fail('not_found');
  const input = viewArg(args, existing.kind);
  if (typeof input === 'string') return fail(input);
  const hash = str(args.hash);
  if (hash !== null && hash !== existing.view.hash) return fail('hash_conflict');
  const view = await storedView(d, input, existing.kind, existing.id, existing.rootId, (existing.view.previous_view_id as string | null) ?? null);
  await replaceView(d.sql, existing.id, view);
  return { ok: true, view };
};

const viewsPublish: Method = async (args, d) => {
  const user = str(args.user_id);
  if (user === null || !(await d.users()).some((u) => u.id === user)) return fail('user_not_found');
  const input = viewArg(args, 'home');
  if (typeof input === 'string') return fail(input);
  const existing = await homeOf(d.sql, user);
  const id = existing?.id ?? (await viewId(d));
  const view = await storedView(d, input, 'home', id, id, null);
  await publishHome(d.sql, user, id, view);
  return { ok: true, view };
};

/** A user as users.info answers (the profile email needs users:read.email in Slack; here it is always there). */
function userJson(u: LocalUser): Json {
  const handle = u.email.split('@')[0];
  return {
    id: u.id, team_id: localBot.teamId, name: handle, real_name: u.name, deleted: false, is_bot: false, is_admin: false,
    tz: 'UTC', tz_label: 'Coordinated Universal Time', tz_offset: 0,
    profile: { email: u.email, real_name: u.name, display_name: handle, real_name_normalized: u.name, display_name_normalized: handle },
  };
}

const usersInfo: Method = async (args, d) => {
  const u = (await d.users()).find((x) => x.id === str(args.user));
  return u ? { ok: true, user: userJson(u) } : fail('user_not_found');
};

const lookupByEmail: Method = async (args, d) => {
  const email = (str(args.email) ?? '').toLowerCase();
  const u = (await d.users()).find((x) => x.email === email);
  return u ? { ok: true, user: userJson(u) } : fail('users_not_found');
};

const conversationsOpen: Method = async (args, d) => {
  const users = (str(args.users) ?? '').split(',').filter(Boolean);
  if (users.length !== 1) return fail(users.length === 0 ? 'users_list_not_supplied' : 'not_supported');
  const channel = await resolveChannel(users[0]!, d);
  return channel === null ? fail('user_not_found') : { ok: true, channel: { id: channel } };
};

const conversationsInfo: Method = async (args, d) => {
  const channel = await resolveChannel(str(args.channel), d);
  return channel === null ? fail('channel_not_found') : { ok: true, channel: { id: channel, name: channel, is_channel: !channel.startsWith('D'), is_im: channel.startsWith('D') } };
};

const authTest: Method = async (_args, d) => ({
  ok: true, url: `${d.origin()}/local/`, team: 'arbot (local)', user: 'arbot', team_id: localBot.teamId, user_id: localBot.userId, bot_id: localBot.botId,
});

export const webApiMethods: Readonly<Record<string, Method>> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.delete': chatDelete,
  'chat.getPermalink': permalink,
  'views.open': viewsOpen(false),
  'views.push': viewsOpen(true),
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
  'users.info': usersInfo,
  'users.lookupByEmail': lookupByEmail,
  'conversations.open': conversationsOpen,
  'conversations.info': conversationsInfo,
  'auth.test': authTest,
};

/** Arguments as Slack reads them: form fields or a JSON body, with `blocks`, `view`… JSON-decoded. */
async function readArgs(req: IncomingMessage, url: URL): Promise<Json | null> {
  const raw = (await readBody(req, 2 * 1024 * 1024)).toString('utf8');
  const args: Json = Object.fromEntries(url.searchParams);
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    try {
      Object.assign(args, JSON.parse(raw || '{}'));
    } catch {
      return null;
    }
  } else {
    Object.assign(args, Object.fromEntries(new URLSearchParams(raw)));
  }
  for (const field of jsonFields) {
    if (typeof args[field] !== 'string') continue;
    try {
      args[field] = JSON.parse(args[field]);
    } catch {
      return null;
    }
  }
  return args;
}

export function localWebApiRoutes(d: WebApiDeps): Route[] {
  return [{
    method: 'POST',
    path: /^\/local\/api\/(?<method>[A-Za-z.]+)$/,
    handler: async (req: IncomingMessage, res: ServerResponse, params) => {
      if (!isFromThisMachine(req)) throw new HttpError(403, 'forbidden', 'the local Web API answers arbot itself only');
      const name = params.method ?? '';
      const args = await readArgs(req, new URL(req.url ?? '/', 'http://local'));
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (args?.token as string | undefined);
      let answer: Answer;
      if (!bearer) answer = fail('not_authed');
      else if (bearer !== localBot.token) answer = fail('invalid_auth');
      else if (args === null) answer = fail('invalid_json');
      else {
        const method = webApiMethods[name];
        if (!method) d.log.warn({ method: name }, 'local workspace: arbot called a Web API method the local workspace does not implement');
        answer = method ? await method(args, d) : fail('unknown_method', { req_method: name });
      }
      if (!answer.ok) d.log.debug({ method: name, error: answer.error }, 'local Web API answered an error');
      sendJson(res, 200, answer);
    },
  }];
}
