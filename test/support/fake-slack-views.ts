import { randomBytes } from 'node:crypto';
import { checkView } from './fake-slack-blocks.js';
import {
  INVALID_JSON, dmChannelId, fail, invalid, ok,
  type FakeSlackUser, type FakeSlackView, type FakeSlackWorkspace, type MethodAnswer, type MethodHandler,
} from './fake-slack-workspace.js';

/**
 * views.open / update / publish, users.lookupByEmail / info, conversations.open and auth.test of the fake
 * Web API, answering as Slack's method reference documents (answer shapes and error codes).
 */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- Web API arguments and answers are unchecked JSON

export function viewAndDirectoryHandlers(ws: FakeSlackWorkspace): Record<string, MethodHandler> {
  const { ids } = ws;
  return {
    'auth.test': () => ok({
      url: `https://${ids.teamDomain}.slack.com/`, team: ids.teamDomain, user: 'arbot',
      team_id: ids.teamId, user_id: ids.botUserId, bot_id: ids.botId, is_enterprise_install: false,
    }),

    'views.open': (args) => {
      const trigger = args.trigger_id ?? args.interactivity_pointer;
      if (typeof trigger !== 'string' || trigger === '') return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
      // A trigger_id can be exchanged once (and within 3 s, not simulated).
      if (ws.usedTriggers.has(trigger)) return fail('exchanged_trigger_id');
      const bad = checkViewArg(ws, args);
      if (bad) return bad;
      ws.usedTriggers.add(trigger);
      return ok({ view: storeView(ws, args.view, undefined, { triggerId: trigger }).view });
    },

    'views.update': (args) => {
      const existing = args.view_id
        ? ws.views.get(String(args.view_id))
        : [...ws.views.values()].find((v) => args.external_id && v.view.external_id === args.external_id);
      if (!existing) return fail('not_found');
      if (args.hash !== undefined && args.hash !== existing.view.hash) return fail('hash_conflict');
      const bad = checkViewArg(ws, args);
      if (bad) return bad;
      return ok({ view: storeView(ws, args.view, existing, {}).view });
    },

    'views.publish': (args) => {
      if (typeof args.user_id !== 'string' || args.user_id === '') return fail('invalid_arguments');
      const bad = checkViewArg(ws, args);
      if (bad) return bad;
      if (args.view.type !== 'home') return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] must be home [json-pointer:/view/type]'] } });
      const previous = ws.homes.get(args.user_id);
      if (args.hash !== undefined && previous && args.hash !== previous.view.hash) return fail('hash_conflict');
      const stored = storeView(ws, args.view, previous, { userId: args.user_id });
      ws.homes.set(args.user_id, stored);
      return ok({ view: stored.view });
    },

    'users.lookupByEmail': (args) => {
      const email = String(args.email ?? '').toLowerCase();
      const found = [...ws.users.values()].find((u) => u.email.toLowerCase() === email);
      return found ? ok({ user: userJson(ws, found) }) : fail('users_not_found');
    },

    'users.info': (args) => {
      if (args.user === ids.botUserId) return ok({ user: userJson(ws, { id: ids.botUserId, name: 'arbot', email: '', isBot: true }) });
      const found = ws.users.get(String(args.user ?? ''));
      return found ? ok({ user: userJson(ws, found) }) : fail('user_not_found');
    },

    'conversations.open': (args) => {
      if (args.channel) return ok({ channel: { id: String(args.channel) } });
      const users = String(args.users ?? '').split(',').map((u) => u.trim()).filter(Boolean);
      if (users.length === 0) return fail('users_list_not_supplied');
      if (users.some((u) => u !== ids.botUserId && !ws.users.has(u))) return fail('user_not_found');
      const id = users.length === 1 ? dmChannelId(users[0]!) : `G${users.join('').replace(/[^A-Z0-9]/g, '').slice(0, 10)}`;
      return ok({ channel: { id } });
    },
  };
}

function checkViewArg(ws: FakeSlackWorkspace, args: Json): MethodAnswer | null {
  if (args.view === undefined) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view'] } });
  if (args.view === INVALID_JSON) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] failed to parse view'] } });
  if (!ws.options.validateBlocks) return null;
  const problems = checkView(args.view);
  return problems.length ? invalid('invalid_arguments', problems, false) : null;
}

/** Stores a view as Slack answers it: ids, a fresh hash, block_ids filled in, empty state. */
function storeView(ws: FakeSlackWorkspace, input: Json, previous: FakeSlackView | undefined, extra: Partial<FakeSlackView>): FakeSlackView {
  const { ids } = ws;
  const id = previous?.id ?? `V${randomId(10)}`;
  const view = {
    id, team_id: ids.teamId, type: input.type,
    blocks: (input.blocks ?? []).map((b: Json) => ({ block_id: randomId(5), ...b })),
    private_metadata: input.private_metadata ?? '', callback_id: input.callback_id ?? '',
    state: { values: {} }, hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
    title: input.title ?? null, clear_on_close: Boolean(input.clear_on_close), notify_on_close: Boolean(input.notify_on_close),
    close: input.close ?? null, submit: input.submit ?? null,
    previous_view_id: previous?.view.previous_view_id ?? null, root_view_id: previous?.view.root_view_id ?? id,
    app_id: ids.appId, external_id: input.external_id ?? '', app_installed_team_id: ids.teamId, bot_id: ids.botId,
  };
  const record: FakeSlackView = { ...previous, ...extra, id, view };
  ws.views.set(id, record);
  return record;
}

function userJson(ws: FakeSlackWorkspace, u: FakeSlackUser): Json {
  const tz = u.tz ?? 'UTC';
  const realName = u.realName ?? u.name;
  return {
    id: u.id, team_id: ws.ids.teamId, name: u.name, deleted: Boolean(u.deleted), color: '9f69e7',
    real_name: realName, tz, tz_label: tz, tz_offset: offsetSeconds(tz),
    profile: {
      real_name: realName, real_name_normalized: realName, display_name: u.name, display_name_normalized: u.name,
      email: u.email, team: ws.ids.teamId,
    },
    is_admin: false, is_owner: false, is_primary_owner: false, is_restricted: false, is_ultra_restricted: false,
    is_bot: Boolean(u.isBot), is_app_user: false, updated: 1700000000, is_email_confirmed: true,
  };
}

function randomId(length: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

/** The zone's current UTC offset in seconds, as Slack's `tz_offset`. */
function offsetSeconds(timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
}
