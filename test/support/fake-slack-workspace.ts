import { checkBlocks } from './fake-slack-blocks.js';

/**
 * The state behind the fake Web API: messages per channel with threads, ephemerals, views, a user directory,
 * and the answers Slack gives for the chat.* methods (views, users and auth: fake-slack-views.ts) (shapes from Slack's method reference: `ok`, `error` codes,
 * `response_metadata.messages` for invalid blocks). Pure in-memory; fake-slack.ts puts HTTP in front of it.
 */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- Web API arguments and answers are unchecked JSON

export interface FakeSlackUser {
  id: string;
  email: string;
  name: string;
  realName?: string;
  /** IANA zone; `tz_offset` is derived from it. Default UTC. */
  tz?: string;
  deleted?: boolean;
  isBot?: boolean;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  /** Set on thread replies (the parent's ts). */
  threadTs?: string;
  text: string;
  blocks?: Json[];
  attachments?: Json[];
  metadata?: Json;
  user: string;
  botId: string;
  replyCount: number;
  /** How many times chat.update (or a replace_original) changed it. */
  updates: number;
  deleted: boolean;
  /** Posted through chat.postMessage, or through a response_url with response_type in_channel. */
  source: 'api' | 'response_url';
}

export interface FakeSlackEphemeral {
  channel: string;
  user: string;
  messageTs: string;
  text: string;
  blocks?: Json[];
  threadTs?: string;
  source: 'api' | 'response_url';
}

export interface FakeSlackView {
  id: string;
  /** What Slack answered (and shows): the view with id, hash, state, root_view_id… */
  view: Json;
  /** Home views: the user it was published for. */
  userId?: string;
  triggerId?: string;
}

export interface WorkspaceIds {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
}

export interface WorkspaceOptions {
  users: readonly FakeSlackUser[];
  /** When given, only these channel ids (and DMs) exist; anything else is channel_not_found. */
  channels?: readonly string[];
  validateBlocks: boolean;
}

export interface MethodAnswer {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

export type MethodHandler = (args: Json) => MethodAnswer;

export class FakeSlackWorkspace {
  readonly messagesByChannel = new Map<string, FakeSlackMessage[]>();
  readonly ephemerals: FakeSlackEphemeral[] = [];
  readonly views = new Map<string, FakeSlackView>();
  readonly homes = new Map<string, FakeSlackView>();
  readonly users = new Map<string, FakeSlackUser>();
  readonly usedTriggers = new Set<string>();
  private sequence = 0;

  constructor(readonly ids: WorkspaceIds, readonly options: WorkspaceOptions) {
    for (const u of options.users) this.users.set(u.id, u);
  }

  reset(): void {
    this.messagesByChannel.clear();
    this.ephemerals.length = 0;
    this.views.clear();
    this.homes.clear();
    this.usedTriggers.clear();
  }

  nextTs(): string {
    this.sequence += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.sequence).padStart(6, '0')}`;
  }

  findMessage(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.messagesByChannel.get(channel)?.find((m) => m.ts === ts);
  }

  /** A channel id as Slack resolves it: a user id means the app's DM with that user. Null when it does not exist. */
  resolveChannel(channel: unknown): string | null {
    if (typeof channel !== 'string' || channel === '') return null;
    if (/^[UW][A-Z0-9]+$/.test(channel)) return dmChannelId(channel);
    if (channel.startsWith('D')) return channel;
    if (this.options.channels) return this.options.channels.includes(channel) ? channel : null;
    return /^[CG][A-Z0-9]+$/.test(channel) ? channel : null;
  }

  postMessage(channel: string, fields: Json, source: FakeSlackMessage['source']): FakeSlackMessage {
    const list = this.messagesByChannel.get(channel) ?? [];
    this.messagesByChannel.set(channel, list);
    let threadTs: string | undefined = fields.thread_ts ? String(fields.thread_ts) : undefined;
    if (threadTs) {
      // Replying to a reply lands in the parent's thread, as in Slack.
      const parent = list.find((m) => m.ts === threadTs);
      if (parent?.threadTs) threadTs = parent.threadTs;
      const root = list.find((m) => m.ts === threadTs);
      if (root) root.replyCount += 1;
    }
    const message: FakeSlackMessage = {
      channel, ts: this.nextTs(), text: typeof fields.text === 'string' ? fields.text : '',
      ...(threadTs ? { threadTs } : {}),
      ...(fields.blocks !== undefined ? { blocks: fields.blocks } : {}),
      ...(fields.attachments !== undefined ? { attachments: fields.attachments } : {}),
      ...(fields.metadata !== undefined ? { metadata: fields.metadata } : {}),
      user: this.ids.botUserId, botId: this.ids.botId, replyCount: 0, updates: 0, deleted: false, source,
    };
    list.push(message);
    return message;
  }

  /** Replaces the fields given; chat.update keeps blocks and attachments that are not sent. */
  updateMessage(message: FakeSlackMessage, fields: Json): void {
    if (typeof fields.text === 'string') message.text = fields.text;
    if (fields.blocks !== undefined) message.blocks = fields.blocks;
    if (fields.attachments !== undefined) message.attachments = fields.attachments;
    if (fields.metadata !== undefined) message.metadata = fields.metadata;
    message.updates += 1;
  }

  /** The message object Slack returns in chat.postMessage / chat.update answers. */
  messageJson(m: FakeSlackMessage): Json {
    return {
      user: m.user, type: 'message', ts: m.ts, bot_id: m.botId, app_id: this.ids.appId, text: m.text,
      team: this.ids.teamId,
      bot_profile: { id: m.botId, app_id: this.ids.appId, name: 'arbot', deleted: false, team_id: this.ids.teamId },
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
      ...(m.threadTs ? { thread_ts: m.threadTs, parent_user_id: this.ids.botUserId } : {}),
      ...(m.updates > 0 ? { edited: { user: this.ids.botUserId, ts: m.ts } } : {}),
    };
  }

  private checkMessageBlocks(args: Json): MethodAnswer | null {
    if (args.blocks === undefined || !this.options.validateBlocks) return null;
    if (args.blocks === INVALID_JSON) return fail('invalid_blocks_format');
    const problems = checkBlocks(args.blocks, 'message');
    return problems.length ? invalid('invalid_blocks', problems) : null;
  }

  /** chat.* methods, answered as Slack does. */
  chatHandlers(): Record<string, MethodHandler> {
    return {
      'chat.postMessage': (args) => {
        const channel = this.resolveChannel(args.channel);
        if (!channel) return fail('channel_not_found');
        if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) return fail('no_text');
        const bad = this.checkMessageBlocks(args);
        if (bad) return bad;
        const m = this.postMessage(channel, args, 'api');
        return ok({ channel, ts: m.ts, message: this.messageJson(m) });
      },

      'chat.update': (args) => {
        const channel = this.resolveChannel(args.channel);
        if (!channel) return fail('channel_not_found');
        const m = this.findMessage(channel, String(args.ts ?? ''));
        if (!m || m.deleted) return fail('message_not_found');
        const bad = this.checkMessageBlocks(args);
        if (bad) return bad;
        this.updateMessage(m, args);
        return ok({ channel, ts: m.ts, text: m.text, message: this.messageJson(m) });
      },

      'chat.delete': (args) => {
        const channel = this.resolveChannel(args.channel);
        if (!channel) return fail('channel_not_found');
        const m = this.findMessage(channel, String(args.ts ?? ''));
        if (!m || m.deleted) return fail('message_not_found');
        m.deleted = true;
        return ok({ channel, ts: m.ts });
      },

      'chat.postEphemeral': (args) => {
        const channel = this.resolveChannel(args.channel);
        if (!channel) return fail('channel_not_found');
        if (typeof args.user !== 'string' || args.user === '') return fail('user_not_in_channel');
        if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) return fail('no_text');
        const bad = this.checkMessageBlocks(args);
        if (bad) return bad;
        const messageTs = this.nextTs();
        this.ephemerals.push({
          channel, user: args.user, messageTs, text: args.text ?? '', source: 'api',
          ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
          ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
        });
        return ok({ message_ts: messageTs });
      },

      'chat.getPermalink': (args) => {
        const channel = this.resolveChannel(args.channel);
        const m = channel ? this.findMessage(channel, String(args.message_ts ?? '')) : undefined;
        if (!channel || !m || m.deleted) return fail('message_not_found');
        return ok({ channel, permalink: `https://${this.ids.teamDomain}.slack.com/archives/${channel}/p${m.ts.replace('.', '')}` });
      },
    };
  }
}

/** Marks a form field that should have held JSON but did not parse (Slack answers invalid_blocks_format). */
export const INVALID_JSON = Symbol('invalid JSON');

/** The app's DM channel with a user, stable per user: U0ANA → D0ANA. */
export function dmChannelId(userId: string): string {
  return `D${userId.slice(1)}`;
}

export function ok(body: Json): MethodAnswer {
  return { status: 200, body: { ok: true, ...body } };
}

export function fail(error: string, extra: Json = {}): MethodAnswer {
  return { status: 200, body: { ok: false, error, ...extra } };
}

/** Slack's answer to blocks or a view it refuses: each problem in `response_metadata.messages` (and `errors`). */
export function invalid(error: string, problems: string[], withErrors = true): MethodAnswer {
  return fail(error, {
    ...(withErrors ? { errors: problems } : {}),
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  });
}
