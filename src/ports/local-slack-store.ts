// What the Slack emulator (adapters/local/slack-emulator) keeps: messages, ephemerals, modals and home tabs. The local
// workspace keeps them in Postgres (adapters/postgres/local-slack-store.ts) so the browser pages can read them; the
// tests keep them in memory (test/support/memory-slack-store.ts). The emulator decides what Slack would do; a store
// only remembers.

import type { ChatOwner } from './chat-views.js';

export type Json = Record<string, unknown>;

/** What a message says and where: a thread reply has threadTs, an ephemeral has visibleTo (the one user who sees it). */
interface MessagePost {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs: string | null;
  readonly author: string;
  readonly text: string;
  readonly blocks: unknown[] | null;
  /** Kept by stores that can (the in-memory one); the Postgres one keeps text and blocks only. */
  readonly attachments?: unknown[] | null;
  readonly metadata?: unknown;
  readonly visibleTo: string | null;
  readonly postedAt: Date;
}

/** A message as stored. */
export interface LocalMessage extends MessagePost {
  readonly id: bigint;
  readonly editedAt: Date | null;
}

export interface NewMessage extends MessagePost {
  /** Through the Web API, a response_url, or by the local workspace itself (what a person typed, a command's ack). */
  readonly via: 'api' | 'response_url' | 'person';
}

/** A message's new content, whole: the emulator has already merged what the call left out. */
export interface MessageContent {
  readonly text: string;
  readonly blocks: unknown[] | null;
  readonly attachments?: unknown[] | null;
  readonly metadata?: unknown;
}

/** A modal (a stack per user: depth 0 is the root) or a home tab (one per user). */
export interface LocalView {
  readonly id: string;
  /** '' for a modal opened with a trigger that names nobody the workspace knows (the tests' triggers). */
  readonly userId: string;
  readonly kind: 'modal' | 'home';
  readonly rootId: string;
  readonly depth: number;
  /** The view as views.open/update answered it (id, hash, state...). */
  readonly view: Json;
  /** From the last submission's ack, shown beside their inputs. */
  readonly errors: Record<string, string> | null;
}

export interface NewView {
  readonly id: string;
  readonly userId: string;
  readonly kind: 'modal' | 'home';
  readonly rootId: string;
  readonly depth: number;
  readonly view: Json;
  readonly triggerId?: string;
}

/** What the Slack emulator needs from its storage. Deleted and closed things are never returned. */
export interface SlackEmulatorStore {
  /** A counter that never repeats: ts suffixes, view ids and action_ts. */
  nextSeq(): Promise<bigint>;
  insertMessage(m: NewMessage): Promise<void>;
  /** A message of any visibility, or null. */
  findMessage(channel: string, ts: string): Promise<LocalMessage | null>;
  /** False when there is no such message. */
  updateMessage(channel: string, ts: string, content: MessageContent, at: Date): Promise<boolean>;
  deleteMessage(channel: string, ts: string, at: Date): Promise<boolean>;
  insertView(v: NewView): Promise<void>;
  findView(id: string): Promise<LocalView | null>;
  findViewByExternalId(externalId: string): Promise<LocalView | null>;
  /** Replaces a view's content (and clears the errors of the last submission unless new ones are given). */
  replaceView(id: string, content: Json, errors?: Record<string, string> | null): Promise<void>;
  /** The modal on top of a user's stack. */
  topModal(userId: string): Promise<LocalView | null>;
  /** Closes one modal and any pushed above it. */
  closeModal(v: LocalView): Promise<void>;
  /** Closes every open modal of a user. */
  closeAllModals(userId: string): Promise<void>;
  publishHome(userId: string, id: string, content: Json): Promise<void>;
  homeOf(userId: string): Promise<LocalView | null>;
}

/** An owner of the ledger: the local workspace's people. */
export type LocalOwnerRow = ChatOwner;

/** What the local workspace's pages read besides the emulator's own questions. */
export interface LocalSlackStore extends SlackEmulatorStore {
  /** What `viewer` sees in a channel, oldest first: the last `limit` messages, replies and their own ephemerals. */
  channelMessages(channel: string, viewer: string, limit?: number): Promise<LocalMessage[]>;
  /** Channels with messages `viewer` can see, and how many top-level ones each has. */
  channelCounts(viewer: string): Promise<Map<string, number>>;
  /** The id of the newest message (0 when none): what a click's answers are newer than. */
  lastMessageId(): Promise<bigint>;
  /** The ts of the newest private answer to `viewer` shown under `anchorTs`, posted after message `afterId`. */
  answerSince(channel: string, anchorTs: string, viewer: string, afterId: bigint): Promise<string | null>;
  /** Every owner (the ledger is small enough to read whole; owners change only on import). */
  owners(): Promise<LocalOwnerRow[]>;
}
