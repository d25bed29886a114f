import type { Sql } from '../../adapters/postgres/connect.js';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { postgresAlertProducers } from '../../adapters/postgres/alert-producers.js';
import { loadAlertView } from '../../adapters/postgres/chat-views-alerts.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import type { AlertChannel, ChatPublisher, DispatchDeps } from '../../src/services/dispatch-alerts.js';
import { raiseAlerts } from '../../src/services/raise-alerts.js';
import { customer, importRows, invoice } from './cadence-ledger.js';

// Ledgers and helpers shared by the fault-injection suites (test/faults): each scenario gets its own owner, channel
// and customers, so what one scenario posted never blurs another's counts.

export const zone = 'Europe/Paris';

/**
 * An owner with a Slack channel (or, with `teams`, routed to Teams with their own conversation) and `invoices`
 * overdue invoices of one customer; the alerts are raised as of `at`. Returns the owner's channel or conversation.
 */
export async function overdueScenario(
  sql: Sql, key: string, at: Date, opts: { invoices?: number; teams?: { aadObjectId: string; conversationId: string } } = {},
): Promise<string> {
  const channel = opts.teams?.conversationId ?? `C0${key.toUpperCase()}`;
  const email = `${key.toLowerCase()}@acme.example`;
  await importRows(sql, {
    owners: [{
      email, name: `Owner ${key}`, team: 'sales',
      ...(opts.teams
        ? { chat_platform: 'teams', teams_user_id: opts.teams.aadObjectId, teams_conversation_id: opts.teams.conversationId }
        : { slack_user_id: `U0${key.toUpperCase()}`, slack_channel_id: channel }),
    }],
    customers: [customer(`K-${key}`, zone, 'standard', { sales_owner_email: email })],
    invoices: Array.from({ length: opts.invoices ?? 2 }, (_, i) => invoice(`${key}-${i}`, `K-${key}`, '2026-03-05', `${100 + i}.00`)),
  });
  await raiseAlerts(postgresAlertProducers(sql), { deliveryAfterDays: 30, incompleteHorizonDays: 0 }, at);
  return channel;
}

/** dispatchAlerts' dependencies over one chat platform, as src/wire/jobs.ts builds them. */
export function dispatchDeps(sql: Sql, channels: readonly AlertChannel[], maxAttempts = 10): DispatchDeps {
  return { outbox: postgresAlertOutbox(sql), view: (a, now) => loadAlertView(sql, a, now, zone), platforms: channels, maxAttempts };
}

export function slackChannel(sql: Sql, publisher: ChatPublisher): AlertChannel {
  return { publisher, routing: (a) => loadRoutingFacts(sql, a), teams: { sales: null, delivery: null, finance: null } };
}

/** Alerts not delivered yet (neither posted nor dead), and dead ones. */
export async function queueState(sql: Sql): Promise<{ pending: number; dead: number }> {
  const [r] = await sql<{ pending: number; dead: number }[]>`
    SELECT count(*) FILTER (WHERE posted_at IS NULL AND dead_at IS NULL)::int AS pending,
           count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead
    FROM alerts`;
  return r!;
}

/** Where arbot remembers each subject's message in a channel (one row per subject per channel by constraint). */
export async function rememberedIn(sql: Sql, platform: string, channel: string): Promise<string[]> {
  const rows = await sql<{ message_ref: string }[]>`
    SELECT message_ref FROM chat_messages WHERE platform = ${platform} AND channel = ${channel} ORDER BY message_ref`;
  return rows.map((r) => r.message_ref);
}

export const hoursAfter = (t: Date, h: number) => new Date(t.getTime() + h * 3600_000);
