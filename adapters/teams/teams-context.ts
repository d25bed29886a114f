import { buildAlertCard } from '../../blocks/teams/alert-cards.js';
import { ownersIn } from '../../blocks/teams/alert-cards.js';
import type { TeamsCard } from '../../blocks/teams/adaptive-card.js';
import { subjectsShowing } from '../postgres/chat-views-related.js';
import type { Sql } from '../postgres/connect.js';
import type { Logger } from '../../src/log.js';
import type { ChatActionStore } from '../../src/ports/chat-actions.js';
import type { ActionResult } from '../../src/services/chat-actions/action-result.js';
import type { RightsSettings } from '../../src/services/chat-actions/rights-settings.js';
import type { SubjectRefresh } from '../../src/services/chat-actions/refresh.js';
import type { KpiDeps } from '../../src/services/compute-kpis.js';
import type { AlertView } from '../../src/views/alert-view.js';
import type { TeamsMessages } from './teams-messages.js';
import { teamsIdsOf } from './teams-people.js';

/** What every Teams handler needs; built once in src/main.ts (tests build their own). */
export interface TeamsDeps {
  readonly sql: Sql;
  readonly store: ChatActionStore;
  readonly log: Logger;
  readonly now: () => Date;
  readonly zone: string;
  /** The current view of a subject (`dispute:12`), for in-place updates; null when it no longer exists. */
  readonly subjectView: (subjectKey: string, now: Date) => Promise<AlertView | null>;
  /** The KPI store and clock of `@arbot dso`. */
  readonly kpi: KpiDeps;
  /** Posting and updating cards (the Bot Connector; a recorder in handler tests). */
  readonly messages: TeamsMessages;
  /** Redraws the subject on the other chat platforms (Slack) after an action here. */
  readonly alsoRefresh?: SubjectRefresh;
  /** The limits past which a change waits for a finance approver, and who may use `ar`; defaults when absent. */
  readonly rights?: RightsSettings;
}

/** A subject's card as it stands, with its owners mentioned by Teams id; `notice` shows on top (for the clicker). */
export async function subjectCard(deps: TeamsDeps, subjectKey: string, notice?: string): Promise<TeamsCard | null> {
  const view = await deps.subjectView(subjectKey, deps.now());
  if (!view) return null;
  return buildAlertCard(view, { teamsIds: await teamsIdsOf(deps.sql, ownersIn(view)), ...(notice === undefined ? {} : { notice }) });
}

/** After a successful action: every card of every changed subject is re-rendered for everyone, with a reply line. */
export async function applyResult(deps: TeamsDeps, result: Extract<ActionResult, { ok: true }>): Promise<void> {
  if (deps.alsoRefresh) {
    await deps.alsoRefresh(result).catch((err: Error) => deps.log.warn({ err: err.message, subjects: result.refresh }, 'messages on other platforms not refreshed'));
  }
  await refreshCards(deps, result);
}

/** This platform's cards of the action's subjects, and of every subject whose view shows them. */
export async function refreshCards(deps: TeamsDeps, result: Extract<ActionResult, { ok: true }>): Promise<void> {
  for (const [i, key] of (await subjectsShowing(deps.sql, result.refresh)).entries()) {
    await deps.messages.refresh(key, await subjectCard(deps, key), i === 0 ? result.thread : null);
  }
}
