import type { WebClient } from '@slack/web-api';
import { postgresChatActionStore } from '../postgres/chat-actions.js';
import { subjectView } from '../postgres/chat-views-alerts.js';
import { subjectsShowing } from '../postgres/chat-views-related.js';
import type { Sql } from '../postgres/connect.js';
import { postgresKpiStore } from '../postgres/kpi-store.js';
import type { Logger } from '../../src/log.js';
import type { ChatActionStore } from '../../src/ports/chat-actions.js';
import type { KpiStore } from '../../src/ports/kpi-store.js';
import type { ActionResult } from '../../src/services/chat-actions/action-result.js';
import { defaultRightsSettings, type RightsSettings } from '../../src/services/chat-actions/rights-settings.js';
import type { SubjectRefresh } from '../../src/services/chat-actions/refresh.js';
import type { AlertView } from '../../src/views/alert-view.js';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { refreshSlack, type SlackPlatform } from './slack-publisher.js';

/** What every Slack listener needs; built once by `slackDeps`. */
export interface SlackDeps {
  /** 'local' when the local workspace drives these listeners; its messages are kept apart from Slack's. */
  readonly platform?: SlackPlatform;
  readonly sql: Sql;
  readonly store: ChatActionStore;
  readonly log: Logger;
  readonly now: () => Date;
  /** COMPANY_TIMEZONE: "today" for chat views and commands. */
  readonly zone: string;
  /** The current view of a subject (`dispute:12`), for in-place updates; null when it no longer exists. */
  readonly subjectView: (subjectKey: string, now: Date) => Promise<AlertView | null>;
  /** For /dso (and the digest). */
  readonly kpis: KpiStore;
  /** Redraws the subject on the other chat platforms (Teams) after an action here. */
  readonly alsoRefresh?: SubjectRefresh;
  /** The limits past which a change waits for a finance approver, and who may use /ar. */
  readonly rights: RightsSettings;
}

/** The listeners' dependencies on Postgres, for Slack or the local workspace. */
export function slackDeps(opts: {
  sql: Sql; log: Logger; now: () => Date; zone: string; platform?: SlackPlatform; alsoRefresh?: SubjectRefresh; rights?: RightsSettings;
}): SlackDeps {
  return {
    ...(opts.platform ? { platform: opts.platform } : {}),
    ...(opts.alsoRefresh ? { alsoRefresh: opts.alsoRefresh } : {}),
    sql: opts.sql,
    store: postgresChatActionStore(opts.sql, opts.now),
    log: opts.log,
    now: opts.now,
    zone: opts.zone,
    subjectView: (key, at) => subjectView(opts.sql, key, at, opts.zone),
    kpis: postgresKpiStore(opts.sql, opts.zone),
    rights: opts.rights ?? defaultRightsSettings,
  };
}

/** After a successful action: every message about the subject is re-rendered, and its thread gets a line. */
export async function applyResult(deps: SlackDeps, client: WebClient, result: Extract<ActionResult, { ok: true }>): Promise<void> {
  await refreshSubjects(deps, client, result);
  if (deps.alsoRefresh) {
    // The change is made and audited; a platform that cannot be redrawn now is redrawn at its subject's next update.
    await deps.alsoRefresh(result).catch((err: Error) => deps.log.warn({ err: err.message, subjects: result.refresh }, 'messages on other platforms not refreshed'));
  }
}

/** This platform's messages of the action's subjects, and of every subject whose view shows them. */
export async function refreshSubjects(deps: SlackDeps, client: WebClient, result: Extract<ActionResult, { ok: true }>): Promise<void> {
  const now = deps.now();
  for (const [i, key] of (await subjectsShowing(deps.sql, result.refresh)).entries()) {
    const view = await deps.subjectView(key, now);
    await refreshSlack(deps.sql, client, key, view ? buildAlertMessage(view) : null, i === 0 ? result.thread : null, deps.platform ?? 'slack');
  }
}
