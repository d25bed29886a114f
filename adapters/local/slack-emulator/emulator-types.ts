import type { SlackEmulatorStore } from '../../../src/ports/local-slack-store.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Web API arguments and answers are unchecked JSON, read field by field
export type Json = any;

/** Who the app is in the emulated workspace: its answers carry these ids. */
export interface EmulatorIdentity {
  readonly teamId: string;
  /** auth.test's `team`. */
  readonly teamName: string;
  readonly appId: string;
  readonly botUserId: string;
  readonly botId: string;
}

/** A person of the directory, as users.info describes them. */
export interface EmulatorUser {
  readonly id: string;
  readonly email: string;
  /** The handle (users.info `name`). */
  readonly name: string;
  readonly realName?: string;
  /** IANA zone; `tz_offset` is derived from it. Default UTC. */
  readonly tz?: string;
  readonly deleted?: boolean;
  readonly isBot?: boolean;
}

/**
 * What differs between the local workspace and the tests' fake Slack: who is there, which channels exist, what a
 * trigger id says and where permalinks point. Everything else (what each method does and answers) is the emulator's.
 */
export interface WorkspaceProfile {
  users(): Promise<readonly EmulatorUser[]>;
  /** The channel a `channel` argument names (a user id means the app's DM with them), or null when it does not exist. */
  resolveChannel(channel: string): Promise<string | null>;
  /** Whether an ephemeral or a home tab can be sent to this user. */
  canAddress(userId: string): Promise<boolean>;
  /** The user a trigger id was minted for; '' when it names nobody known; null when the workspace refuses it. */
  userOfTrigger(trigger: string): string | null;
  permalink(channel: string, ts: string): string;
  /** auth.test's `url`. */
  workspaceUrl(): string;
}

export interface EmulatorOptions {
  readonly identity: EmulatorIdentity;
  readonly profile: WorkspaceProfile;
  readonly store: SlackEmulatorStore;
  /** Bearer tokens accepted. */
  readonly tokens: readonly string[];
  /** Refuse blocks and views over Block Kit limits as Slack does (invalid_blocks / invalid_arguments). */
  readonly validateBlocks: boolean;
  readonly now: () => Date;
}

/** What a method handler gets: the options, plus the emulator's own bookkeeping. */
export interface MethodContext extends EmulatorOptions {
  /** A fresh Slack-shaped ts. */
  stamp(): Promise<string>;
  newViewId(): Promise<string>;
  /** Trigger ids already exchanged (Slack accepts each once). */
  readonly usedTriggers: Set<string>;
}

/** A Web API answer body: `{ ok: true, ... }` or `{ ok: false, error, ... }` (always HTTP 200, as Slack). */
export type Method = (args: Json, c: MethodContext) => Promise<Json>;

export const ok = (body: Json): Json => ({ ok: true, ...body });
export const fail = (error: string, extra: Json = {}): Json => ({ ok: false, error, ...extra });

/** Slack's answer to blocks or a view it refuses: each problem in `response_metadata.messages` (and `errors`). */
export function invalid(error: string, problems: string[], withErrors = true): Json {
  return fail(error, {
    ...(withErrors ? { errors: problems } : {}),
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  });
}

/** Marks a form field that should have held JSON but did not parse (Slack answers invalid_blocks_format). */
export const INVALID_JSON = Symbol('invalid JSON');

export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A Slack-shaped ts ("1773997200.000042"): the posting second and the counter, so ordering follows posting. */
export function slackTs(at: Date, seq: bigint): string {
  return `${Math.floor(at.getTime() / 1000)}.${(seq % 1_000_000n).toString().padStart(6, '0')}`;
}
