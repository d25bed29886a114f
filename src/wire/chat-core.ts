import { postgresChatActionStore } from '../../adapters/postgres/chat-actions.js';
import { postgresChatMessages } from '../../adapters/postgres/chat-messages.js';
import { postgresChatPeople } from '../../adapters/postgres/chat-people.js';
import { postgresChatViews } from '../../adapters/postgres/chat-views-port.js';
import { postgresCreditActionStore } from '../../adapters/postgres/credit-actions.js';
import type { Sql } from '../../adapters/postgres/connect.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { postgresFeeDecisions } from '../../adapters/postgres/fee-decisions.js';
import { postgresFeeStore } from '../../adapters/postgres/fee-store.js';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { postgresReportStore } from '../../adapters/postgres/report-store.js';
import { createChatCore, type ChatCore } from '../chat/chat-core.js';
import type { Logger } from '../log.js';
import type { ChatMessages } from '../ports/chat-messages.js';
import { defaultRightsSettings, type RightsSettings } from '../services/chat-actions/rights-settings.js';
import type { ReplyAnswering } from '../services/chat-actions/reply-actions.js';
import type { ChartLinks } from '../services/chat-commands/dso-report.js';
import type { CustomerPortalActions } from '../ports/customer-portal-actions.js';
import type { PlanDeps } from '../services/payment-plans.js';
import { postgresReminderReach } from '../../adapters/postgres/reminder-reach.js';
import { loadConfig } from '../config.js';
import { reminderReach, type ReminderReachSettings } from '../services/reminder-reach.js';
import { cadenceSettings } from './cadence.js';

/** A process that was given no way to send email (a test harness of one platform) refuses to answer, saying so. */
const cannotAnswer: ReplyAnswering = {
  queue: async () => ({ ok: false, code: 'unavailable', message: 'this arbot process does not send email: answer from your mailbox' }),
  kick: () => undefined,
};

/**
 * The chat core of a process on its database, and the posted-messages store its surfaces share. `charts`: where
 * chat images load charts from (src/main.ts: PUBLIC_BASE_URL and the link secret); left out, answers are text only.
 */
export function chatCoreOn(
  sql: Sql, opts: { log: Logger; now: () => Date; zone: string; rights?: RightsSettings; answering?: ReplyAnswering; charts?: ChartLinks | null; portal?: CustomerPortalActions; plans?: PlanDeps;
    /** The cadence settings (cadenceSettings(config)) whether a reminder is still due is asked with; absent: their defaults. */
    reach?: ReminderReachSettings },
): { core: ChatCore; messages: ChatMessages } {
  const { log, now, zone } = opts;
  const core = createChatCore({
    store: postgresChatActionStore(sql, now),
    credit: postgresCreditActionStore(sql, now),
    views: postgresChatViews(sql, zone),
    people: postgresChatPeople(sql),
    kpi: { store: postgresKpiStore(sql, zone), zone, now },
    reports: postgresReportStore(sql, zone),
    charts: opts.charts ?? null,
    rights: opts.rights ?? defaultRightsSettings,
    answering: opts.answering ?? cannotAnswer,
    fees: { fees: postgresFeeStore(sql), decisions: postgresFeeDecisions(sql, now),
      reach: reminderReach(postgresReminderReach(sql), opts.reach ?? cadenceSettings(loadConfig({})), now) },
    paymentMethods: postgresPaymentMethodsStore(sql),
    log, now, zone,
    ...(opts.portal ? { portal: opts.portal } : {}),
    ...(opts.plans ? { plans: opts.plans } : {}),
  });
  return { core, messages: postgresChatMessages(sql) };
}
