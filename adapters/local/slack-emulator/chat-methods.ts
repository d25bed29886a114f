import type { LocalMessage, NewMessage } from '../../../src/ports/local-slack-store.js';
import { checkBlocks } from './block-kit-limits.js';
import { withSlackIds } from './block-ids.js';
import { INVALID_JSON, fail, invalid, ok, str, type Json, type Method, type MethodContext } from './emulator-types.js';

/** The fields of a message a caller gives; `blocks` undefined means "not sent" (chat.update keeps the old ones). */
export interface MessageFields {
  readonly text?: unknown;
  readonly blocks?: unknown;
  readonly attachments?: unknown;
  readonly metadata?: unknown;
}

const given = (v: unknown) => v !== undefined && v !== null && v !== '';
const blocksOf = (v: unknown): unknown[] | null => (Array.isArray(v) ? withSlackIds(v) : null);
const listOf = (v: unknown): unknown[] | null => (Array.isArray(v) ? v : null);
const noContent = (args: Json) => str(args.text) === null && !given(args.blocks) && !given(args.attachments);

async function channelOf(c: MethodContext, channel: unknown): Promise<string | null> {
  return typeof channel === 'string' && channel !== '' ? c.profile.resolveChannel(channel) : null;
}

/** Refused blocks answer as Slack: invalid_blocks with the problems, or invalid_blocks_format when not JSON. */
function checkMessageBlocks(args: Json, c: MethodContext): Json | null {
  if (!given(args.blocks) || !c.validateBlocks) return null;
  if (args.blocks === INVALID_JSON) return fail('invalid_blocks_format');
  const problems = checkBlocks(args.blocks, 'message');
  return problems.length ? invalid('invalid_blocks', problems) : null;
}

/**
 * Stores a new message from the bot (or, with `author`, a person) and returns it. A reply to a reply lands in the
 * parent's thread, as in Slack.
 */
export async function storeMessage(c: MethodContext, channel: string, fields: MessageFields, o: {
  threadTs: string | null; visibleTo: string | null; via: NewMessage['via']; author?: string;
}): Promise<NewMessage> {
  let threadTs = o.threadTs;
  if (threadTs !== null && o.visibleTo === null) {
    const parent = await c.store.findMessage(channel, threadTs);
    if (parent?.visibleTo === null && parent.threadTs !== null) threadTs = parent.threadTs;
  }
  const m: NewMessage = {
    channel, ts: await c.stamp(), threadTs, author: o.author ?? c.identity.botUserId, text: typeof fields.text === 'string' ? fields.text : '',
    blocks: blocksOf(fields.blocks), visibleTo: o.visibleTo, postedAt: c.now(), via: o.via,
    ...(fields.attachments !== undefined ? { attachments: listOf(fields.attachments) } : {}),
    ...(fields.metadata !== undefined ? { metadata: fields.metadata } : {}),
  };
  await c.store.insertMessage(m);
  return m;
}

/** Replaces the fields given: chat.update (and replace_original) keep blocks and attachments that are not sent. */
export async function replaceMessage(c: MethodContext, m: LocalMessage, fields: MessageFields): Promise<LocalMessage> {
  const next: LocalMessage = {
    ...m,
    text: typeof fields.text === 'string' ? fields.text : m.text,
    blocks: fields.blocks !== undefined ? blocksOf(fields.blocks) : m.blocks,
    ...(fields.attachments !== undefined ? { attachments: listOf(fields.attachments) } : {}),
    ...(fields.metadata !== undefined ? { metadata: fields.metadata } : {}),
    editedAt: c.now(),
  };
  await c.store.updateMessage(m.channel, m.ts, next, next.editedAt!);
  return next;
}

type Shown = Pick<LocalMessage, 'ts' | 'text' | 'blocks' | 'attachments' | 'threadTs' | 'author'> & { readonly editedAt?: Date | null };

/** The message object Slack returns in chat.postMessage / chat.update answers. */
function messageJson(m: Shown, c: MethodContext): Json {
  const { botId, appId, teamId, botUserId } = c.identity;
  return {
    user: m.author, type: 'message', ts: m.ts, bot_id: botId, app_id: appId, text: m.text, team: teamId,
    bot_profile: { id: botId, app_id: appId, name: 'arbot', deleted: false, team_id: teamId },
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs, parent_user_id: botUserId } : {}),
    ...(m.editedAt ? { edited: { user: botUserId, ts: m.ts } } : {}),
  };
}

/** A message everyone sees (chat.update and chat.delete never act on an ephemeral). */
async function publicMessage(c: MethodContext, channel: string, ts: unknown): Promise<LocalMessage | null> {
  const m = typeof ts === 'string' && ts !== '' ? await c.store.findMessage(channel, ts) : null;
  return m && m.visibleTo === null ? m : null;
}

const postMessage: Method = async (args, c) => {
  const channel = await channelOf(c, args.channel);
  if (!channel) return fail('channel_not_found');
  if (noContent(args)) return fail('no_text');
  const bad = checkMessageBlocks(args, c);
  if (bad) return bad;
  const m = await storeMessage(c, channel, args, { threadTs: str(args.thread_ts), visibleTo: null, via: 'api' });
  return ok({ channel, ts: m.ts, message: messageJson(m, c) });
};

const update: Method = async (args, c) => {
  const channel = await channelOf(c, args.channel);
  if (!channel) return fail('channel_not_found');
  const m = await publicMessage(c, channel, args.ts);
  if (!m) return fail('message_not_found');
  const bad = checkMessageBlocks(args, c);
  if (bad) return bad;
  const next = await replaceMessage(c, m, args);
  return ok({ channel, ts: m.ts, text: next.text, message: messageJson(next, c) });
};

const chatDelete: Method = async (args, c) => {
  const channel = await channelOf(c, args.channel);
  if (!channel) return fail('channel_not_found');
  const m = await publicMessage(c, channel, args.ts);
  if (!m || !(await c.store.deleteMessage(channel, m.ts, c.now()))) return fail('message_not_found');
  return ok({ channel, ts: m.ts });
};

const postEphemeral: Method = async (args, c) => {
  const channel = await channelOf(c, args.channel);
  if (!channel) return fail('channel_not_found');
  const user = str(args.user);
  if (user === null || !(await c.profile.canAddress(user))) return fail('user_not_in_channel');
  if (noContent(args)) return fail('no_text');
  const bad = checkMessageBlocks(args, c);
  if (bad) return bad;
  const m = await storeMessage(c, channel, args, { threadTs: str(args.thread_ts), visibleTo: user, via: 'api' });
  return ok({ message_ts: m.ts });
};

const permalink: Method = async (args, c) => {
  const channel = await channelOf(c, args.channel);
  if (!channel) return fail('channel_not_found');
  const ts = str(args.message_ts);
  if (ts === null || !(await c.store.findMessage(channel, ts))) return fail('message_not_found');
  return ok({ channel, permalink: c.profile.permalink(channel, ts) });
};

export const chatMethods: Readonly<Record<string, Method>> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': chatDelete,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': permalink,
};
