import type { WebClient } from '@slack/web-api';
import type { Sql } from '../postgres/connect.js';
import type { Logger } from '../../src/log.js';
import type { ChatActionStore } from '../../src/ports/chat-actions.js';
import type { ActionResult } from '../../src/services/chat-actions/action-result.js';
import type { AlertView } from '../../src/views/alert-view.js';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { refreshSlack, type SlackPlatform } from './slack-publisher.js';

/** What every Slack listener needs; built once in src/main.ts. */
export interface SlackDeps {
  /** 'local' when the local workspace drives these listeners; its messages are kept apart from Slack's. */
  readonly platform?: SlackPlatform;
  readonly sql: Sql;
  readonly store: ChatActionStore;
  readonly log: Logger;
  readonly now: () => Date;
  readonly zone: string;
  /** The current view of a subject (`dispute:12`), for in-place updates; null when it no longer exists. */
  readonly subjectView: (subjectKey: string, now: Date) => Promise<AlertView | null>;
}

/** After a successful action: every message about the subject is re-rendered, and its thread gets a line. */
export async function applyResult(deps: SlackDeps, client: WebClient, result: Extract<ActionResult, { ok: true }>): Promise<void> {
  const now = deps.now();
  for (const [i, key] of result.refresh.entries()) {
    const view = await deps.subjectView(key, now);
    await refreshSlack(deps.sql, client, key, view ? buildAlertMessage(view) : null, i === 0 ? result.thread : null, deps.platform ?? 'slack');
  }
}
