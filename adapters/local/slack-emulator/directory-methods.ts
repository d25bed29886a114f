import { fail, ok, str, type EmulatorUser, type Json, type Method, type MethodContext } from './emulator-types.js';

// users.info / lookupByEmail, conversations.open / info and auth.test, answering as Slack's method reference documents.

/** The zone's current UTC offset in seconds, as Slack's `tz_offset`. */
function offsetSeconds(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
}

/** A user as users.info answers (the profile email needs users:read.email in Slack; here it is always there). */
function userJson(u: EmulatorUser, c: MethodContext): Json {
  const tz = u.tz ?? 'UTC';
  const realName = u.realName ?? u.name;
  return {
    id: u.id, team_id: c.identity.teamId, name: u.name, deleted: Boolean(u.deleted), color: '9f69e7',
    real_name: realName, tz, tz_label: tz, tz_offset: offsetSeconds(tz, c.now()),
    profile: {
      real_name: realName, real_name_normalized: realName, display_name: u.name, display_name_normalized: u.name,
      email: u.email, team: c.identity.teamId,
    },
    is_admin: false, is_owner: false, is_primary_owner: false, is_restricted: false, is_ultra_restricted: false,
    is_bot: Boolean(u.isBot), is_app_user: false, updated: 1700000000, is_email_confirmed: true,
  };
}

const usersInfo: Method = async (args, c) => {
  const id = str(args.user);
  if (id === c.identity.botUserId) return ok({ user: userJson({ id, name: 'arbot', email: '', isBot: true }, c) });
  const found = (await c.profile.users()).find((u) => u.id === id);
  return found ? ok({ user: userJson(found, c) }) : fail('user_not_found');
};

const lookupByEmail: Method = async (args, c) => {
  const email = (str(args.email) ?? '').toLowerCase();
  const found = (await c.profile.users()).find((u) => u.email.toLowerCase() === email);
  return found ? ok({ user: userJson(found, c) }) : fail('users_not_found');
};

const conversationsOpen: Method = async (args, c) => {
  if (str(args.channel)) return ok({ channel: { id: String(args.channel) } });
  const users = (str(args.users) ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (users.length === 0) return fail('users_list_not_supplied');
  const known = new Set((await c.profile.users()).map((u) => u.id));
  if (users.some((u) => u !== c.identity.botUserId && !known.has(u))) return fail('user_not_found');
  if (users.length > 1) return ok({ channel: { id: `G${users.join('').replace(/[^A-Z0-9]/g, '').slice(0, 10)}` } });
  const channel = await c.profile.resolveChannel(users[0]!);
  return channel === null ? fail('user_not_found') : ok({ channel: { id: channel } });
};

const conversationsInfo: Method = async (args, c) => {
  const channel = str(args.channel) === null ? null : await c.profile.resolveChannel(String(args.channel));
  if (channel === null) return fail('channel_not_found');
  const im = channel.startsWith('D');
  return ok({ channel: { id: channel, name: channel, is_channel: !im, is_im: im } });
};

const authTest: Method = async (_args, c) => ok({
  url: c.profile.workspaceUrl(), team: c.identity.teamName, user: 'arbot',
  team_id: c.identity.teamId, user_id: c.identity.botUserId, bot_id: c.identity.botId, is_enterprise_install: false,
});

export const directoryMethods: Readonly<Record<string, Method>> = {
  'users.info': usersInfo,
  'users.lookupByEmail': lookupByEmail,
  'conversations.open': conversationsOpen,
  'conversations.info': conversationsInfo,
  'auth.test': authTest,
};
