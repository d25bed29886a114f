import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../src/log.js';
import type { LocalSlackStore } from '../../src/ports/local-slack-store.js';
import { HttpError } from '../http/respond.js';
import type { DemoClock } from './demo-clock.js';
import { cookies, field, newCsrfToken } from './http-kit.js';
import type { LocalBolt } from './local-bolt.js';
import type { LocalInbound } from './local-inbound.js';
import { localBot, type LocalUser } from './local-directory.js';
import type { LocalResponseUrls } from './local-response-urls.js';
import type { SlackEmulator } from './slack-emulator/emulator.js';
import type { WorkspaceMode } from './workspace-mode.js';

/** One job's result, as `arbot jobs run` prints it. */
export interface JobRun {
  readonly name: string;
  readonly detail: Record<string, unknown> | null;
}

/** Runs arbot's scheduled jobs once for an instant (all of them, or the one named). Wired in src/main.ts. */
export type RunJobs = (now: Date, only?: string) => Promise<JobRun[]>;

/** What every route of the local workspace needs. */
export interface WorkspaceContext {
  readonly log: Logger;
  readonly zone: string;
  readonly now: () => Date;
  readonly clock: DemoClock;
  readonly mode: WorkspaceMode;
  readonly bolt: LocalBolt;
  readonly responses: LocalResponseUrls;
  /** The workspace's messages and views (read by the pages), and the Slack emulator that writes them. */
  readonly store: LocalSlackStore;
  readonly slack: SlackEmulator;
  readonly users: () => Promise<LocalUser[]>;
  readonly outboxDir: string;
  readonly sendgrid: boolean;
  /** How "Reply as the customer" reaches the inbound webhook, or why it cannot. */
  readonly inbound: LocalInbound;
  readonly runJobs: () => RunJobs | null;
}

export const userCookie = 'arbot_local_user';
export const csrfCookie = 'arbot_local_csrf';

export interface Session {
  readonly me: LocalUser;
  readonly users: LocalUser[];
  readonly csrf: string;
  /** Set when the browser had no CSRF cookie yet. */
  readonly newCsrf: boolean;
}

/** Who is acting (the user switcher's cookie, else the first sales owner) and the page's CSRF token. */
export async function session(ctx: WorkspaceContext, req: IncomingMessage): Promise<Session> {
  const users = await ctx.users();
  const jar = cookies(req);
  const me = users.find((u) => u.id === jar.get(userCookie)) ?? users.find((u) => u.team === 'sales') ?? users[0];
  if (!me) throw new HttpError(409, 'no_owners', 'the ledger has no owners yet: import owners (or run `arbot demo`) to use the local workspace');
  const existing = jar.get(csrfCookie);
  return { me, users, csrf: existing ?? newCsrfToken(), newCsrf: existing === undefined };
}

/** The host of an Origin or Referer header, or null when it names none (absent, `null`, not a URL). */
function hostOf(value: string | undefined): string | null {
  if (!value || value === 'null') return null;
  try {
    return new URL(value).host;
  } catch {
    return null;
  }
}

/**
 * Posts must carry the CSRF token of the browser's own cookie (SameSite=Strict, so another site's form has neither),
 * and come from this server's own pages: the Origin header says so, or, when it is absent or `null` (a sandboxed
 * frame, a privacy setting), a same-origin Referer does (the pages send one: referrer-policy same-origin).
 */
export function checkPost(req: IncomingMessage, form: ReadonlyMap<string, readonly string[]>): void {
  const jar = cookies(req);
  const token = jar.get(csrfCookie);
  if (!token || field(form, 'csrf') !== token) throw new HttpError(403, 'csrf', 'this form is out of date: reload the page and try again');
  const origin = req.headers.origin;
  const from = origin && origin !== 'null' ? hostOf(origin) : hostOf(req.headers.referer);
  if (from === null || from !== req.headers.host) throw new HttpError(403, 'cross_origin', 'forms of the local workspace must come from its own pages');
}

/** Display names for mentions and message authors. */
export function namer(users: readonly LocalUser[]): (id: string) => string | null {
  const names = new Map<string, string>(users.map((u) => [u.id, u.name]));
  names.set(localBot.userId, 'arbot');
  return (id) => names.get(id) ?? null;
}
