import type { PlanDeps } from '../../src/services/payment-plans.js';
import type { WebClient } from '@slack/web-api';
import { postgresChatMessages } from '../../adapters/postgres/chat-messages.js';
import { postgresChatPeople } from '../../adapters/postgres/chat-people.js';
import type { Sql } from '../../adapters/postgres/connect.js';
import { slackAlertPublisher } from '../../adapters/slack/slack-alert-publisher.js';
import type { SlackDeps } from '../../adapters/slack/slack-context.js';
import { publishSlack, type SlackPlatform } from '../../adapters/slack/slack-publisher.js';
import { slackSurface } from '../../adapters/slack/slack-surface.js';
import type { SlackMessage } from '../../blocks/slack/block-kit.js';
import type { ChatSurface } from '../../src/chat/chat-surface.js';
import { parseSubjectKey, subjectKey } from '../../src/domain/subject.js';
import type { Logger } from '../../src/log.js';
import type { RightsSettings } from '../../src/services/chat-actions/rights-settings.js';
import type { ChatPublisher } from '../../src/services/dispatch-alerts.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';

// The Slack adapter's wiring on a test's database, as src/main.ts does it: one chat core, Slack registered on it
// as a surface (redrawn through the test's own client, whose token the fake accepts).

/** `client` null: a test that only posts alerts, whose listeners never redraw. */
export function slackDepsOn(sql: Sql, client: WebClient | null, opts: { log: Logger; now: () => Date; zone: string; rights?: RightsSettings; plans?: PlanDeps }): SlackDeps {
  const { core, messages } = chatCoreOn(sql, { log: opts.log, now: opts.now, zone: opts.zone, ...(opts.rights ? { rights: opts.rights } : {}), ...(opts.plans ? { plans: opts.plans } : {}) });
  if (client) core.addSurface(slackSurface(client, messages, 'slack'));
  return { core, messages, log: opts.log };
}

/** Alerts to Slack on the test's database (mentions looked up and remembered there). */
export const slackAlertPublisherOn = (sql: Sql, client: WebClient, platform: SlackPlatform = 'slack'): ChatPublisher =>
  slackAlertPublisher(client, postgresChatMessages(sql), postgresChatPeople(sql), platform);

/** Posts (or updates) a subject's message, by its stored key (`dispute:12`), as the alerts job would; returns its ts. */
export function publishSlackOn(sql: Sql, client: WebClient, key: string, channel: string, message: SlackMessage): Promise<string> {
  const subject = parseSubjectKey(key);
  if (subject === null) throw new Error(`not a subject key: ${key}`);
  return publishSlack(postgresChatMessages(sql), client, subject, channel, message);
}

/** What another platform was asked to redraw after one action: its subjects, the first with the thread line. */
export interface RecordedRedraw {
  readonly ok: true;
  readonly refresh: string[];
  readonly thread: string;
}

/**
 * A surface standing for another platform (Teams) that records the redraws the core asks of it, one record per
 * action: the core calls it once per subject, the first with the action's thread line.
 */
export function recordingSurface(into: RecordedRedraw[]): ChatSurface {
  return {
    platform: 'teams',
    async redraw(subject, _view, threadLine) {
      if (threadLine !== null) into.push({ ok: true, refresh: [subjectKey(subject)], thread: threadLine });
      else into.at(-1)?.refresh.push(subjectKey(subject));
    },
  };
}
