import type { Json as JsonObject, LocalMessage, LocalView, MessageContent, NewMessage, NewView, SlackEmulatorStore } from '../../src/ports/local-slack-store.js';

/**
 * The tests' store for the Slack emulator (adapters/local/slack-emulator): everything in memory, kept in the shapes
 * the fake Slack harness (fake-slack.ts) hands to tests: messages per channel with reply counts and update counts,
 * ephemerals apart, views by id.
 */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read stored blocks and views field by field

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

type ViewMeta = { userId: string; kind: 'modal' | 'home'; rootId: string; depth: number; closed: boolean; errors: Record<string, string> | null };
type Times = { id: bigint; postedAt: Date; editedAt: Date | null };

const source = (via: NewMessage['via']): FakeSlackMessage['source'] => (via === 'response_url' ? 'response_url' : 'api');

export class MemorySlackStore implements SlackEmulatorStore {
  readonly messagesByChannel = new Map<string, FakeSlackMessage[]>();
  readonly ephemerals: FakeSlackEphemeral[] = [];
  readonly views = new Map<string, FakeSlackView>();
  readonly homes = new Map<string, FakeSlackView>();
  private readonly meta = new Map<string, ViewMeta>();
  private readonly times = new WeakMap<object, Times>();
  private sequence = 0n;

  constructor(private readonly botUserId: string, private readonly botId: string) {}

  reset(): void {
    this.messagesByChannel.clear();
    this.ephemerals.length = 0;
    this.views.clear();
    this.homes.clear();
    this.meta.clear();
  }

  async nextSeq(): Promise<bigint> {
    return ++this.sequence;
  }

  async insertMessage(m: NewMessage): Promise<void> {
    const times = { id: this.sequence, postedAt: m.postedAt, editedAt: null };
    const content = { text: m.text, ...(m.blocks ? { blocks: m.blocks as Json[] } : {}) };
    if (m.visibleTo !== null) {
      const e: FakeSlackEphemeral = { channel: m.channel, user: m.visibleTo, messageTs: m.ts, ...content, ...(m.threadTs ? { threadTs: m.threadTs } : {}), source: source(m.via) };
      this.ephemerals.push(e);
      this.times.set(e, times);
      return;
    }
    const list = this.messagesByChannel.get(m.channel) ?? [];
    this.messagesByChannel.set(m.channel, list);
    if (m.threadTs) {
      const root = list.find((x) => x.ts === m.threadTs);
      if (root) root.replyCount += 1;
    }
    const message: FakeSlackMessage = {
      channel: m.channel, ts: m.ts, ...(m.threadTs ? { threadTs: m.threadTs } : {}), ...content,
      ...(m.attachments ? { attachments: m.attachments as Json[] } : {}),
      ...(m.metadata !== undefined ? { metadata: m.metadata as Json } : {}),
      user: m.author, botId: this.botId, replyCount: 0, updates: 0, deleted: false, source: source(m.via),
    };
    list.push(message);
    this.times.set(message, times);
  }

  private publicMessage(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.messagesByChannel.get(channel)?.find((m) => m.ts === ts && !m.deleted);
  }

  private ephemeral(channel: string, ts: string): FakeSlackEphemeral | undefined {
    return this.ephemerals.find((e) => e.channel === channel && e.messageTs === ts);
  }

  async findMessage(channel: string, ts: string): Promise<LocalMessage | null> {
    const m = this.publicMessage(channel, ts);
    const e = m ? undefined : this.ephemeral(channel, ts);
    const found = m ?? e;
    if (!found) return null;
    const t = this.times.get(found)!;
    return {
      id: t.id, channel, ts, threadTs: found.threadTs ?? null, author: m ? m.user : this.botUserId, text: found.text,
      blocks: found.blocks ?? null, ...(m?.attachments ? { attachments: m.attachments } : {}), ...(m?.metadata !== undefined ? { metadata: m.metadata } : {}),
      visibleTo: e ? e.user : null, postedAt: t.postedAt, editedAt: t.editedAt,
    };
  }

  async updateMessage(channel: string, ts: string, c: MessageContent, at: Date): Promise<boolean> {
    const found = this.publicMessage(channel, ts) ?? this.ephemeral(channel, ts);
    if (!found) return false;
    found.text = c.text;
    if (c.blocks) found.blocks = c.blocks as Json[];
    else delete found.blocks;
    if ('updates' in found) {
      if (c.attachments !== undefined) {
        if (c.attachments) found.attachments = c.attachments as Json[];
        else delete found.attachments;
      }
      if (c.metadata !== undefined) found.metadata = c.metadata as Json;
      found.updates += 1;
    }
    this.times.get(found)!.editedAt = at;
    return true;
  }

  async deleteMessage(channel: string, ts: string): Promise<boolean> {
    const m = this.publicMessage(channel, ts);
    if (m) m.deleted = true;
    const e = m ? -1 : this.ephemerals.findIndex((x) => x.channel === channel && x.messageTs === ts);
    if (e >= 0) this.ephemerals.splice(e, 1);
    return m !== undefined || e >= 0;
  }

  private viewOf(id: string): LocalView | null {
    const v = this.views.get(id);
    const meta = this.meta.get(id);
    if (!v || !meta || meta.closed) return null;
    return { id, userId: meta.userId, kind: meta.kind, rootId: meta.rootId, depth: meta.depth, view: v.view, errors: meta.errors };
  }

  async insertView(v: NewView): Promise<void> {
    this.views.set(v.id, { id: v.id, view: v.view, ...(v.triggerId ? { triggerId: v.triggerId } : {}) });
    this.meta.set(v.id, { userId: v.userId, kind: v.kind, rootId: v.rootId, depth: v.depth, closed: false, errors: null });
  }

  async findView(id: string): Promise<LocalView | null> {
    return this.viewOf(id);
  }

  async findViewByExternalId(externalId: string): Promise<LocalView | null> {
    const v = [...this.views.values()].find((x) => x.view.external_id === externalId && this.viewOf(x.id));
    return v ? this.viewOf(v.id) : null;
  }

  async replaceView(id: string, content: JsonObject, errors: Record<string, string> | null = null): Promise<void> {
    const v = this.views.get(id);
    const meta = this.meta.get(id);
    if (!v || !meta) return;
    v.view = content;
    meta.errors = errors;
  }

  private openModals(userId: string): LocalView[] {
    return [...this.meta.keys()].map((id) => this.viewOf(id)).filter((v): v is LocalView => v !== null && v.kind === 'modal' && v.userId === userId);
  }

  async topModal(userId: string): Promise<LocalView | null> {
    return this.openModals(userId).sort((a, b) => b.depth - a.depth).at(0) ?? null;
  }

  async closeModal(v: LocalView): Promise<void> {
    for (const m of this.meta.values()) if (m.rootId === v.rootId && m.depth >= v.depth) m.closed = true;
  }

  async closeAllModals(userId: string): Promise<void> {
    for (const v of this.openModals(userId)) this.meta.get(v.id)!.closed = true;
  }

  async publishHome(userId: string, id: string, content: JsonObject): Promise<void> {
    const home: FakeSlackView = { id, view: content, userId };
    this.views.set(id, home);
    this.homes.set(userId, home);
    this.meta.set(id, { userId, kind: 'home', rootId: id, depth: 0, closed: false, errors: null });
  }

  async homeOf(userId: string): Promise<LocalView | null> {
    const home = this.homes.get(userId);
    return home ? this.viewOf(home.id) : null;
  }
}
