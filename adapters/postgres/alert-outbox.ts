import type { AlertOutbox, PendingAlert } from '../../src/services/dispatch-alerts.js';
import type { Sql } from './connect.js';

/** How long a claimed alert is held by the instance posting it; if that instance dies, another takes it after. */
export const alertLeaseMs = 5 * 60_000;

/**
 * The alert queue on Postgres. `due` claims: the rows it returns are leased to the caller (next_attempt_at moves
 * past the lease) under FOR UPDATE SKIP LOCKED, so instances dispatching at the same moment never post the same
 * alert twice, and an alert held by a crashed instance comes back when its lease ends. Highest priority first
 * (alerts.priority, from alertPriority in src/domain/alerts.ts), then oldest, along alerts_waiting_priority_idx:
 * a dispute raised behind thousands of informational alerts is in the next batch.
 */
/** RETURNING comes back in no particular order: post in the order claimed. */
function byPriorityThenAge(x: PendingAlert, y: PendingAlert): number {
  if (x.priority !== y.priority) return x.priority - y.priority;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

export function postgresAlertOutbox(sql: Sql): AlertOutbox {
  return {
    due: (now, limit) => sql<PendingAlert[]>`
      UPDATE alerts a SET next_attempt_at = ${new Date(now.getTime() + alertLeaseMs)}
      FROM (
        SELECT id FROM alerts
        WHERE posted_at IS NULL AND dead_at IS NULL AND raised_at <= ${now}
          AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
        ORDER BY priority, id LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) d
      WHERE a.id = d.id
      RETURNING a.id, a.kind, a.priority, a.attempts, a.customer_id, a.invoice_id, a.dispute_id, a.email_id, a.reply_id, a.details`.then((rows) =>
      [...rows].sort(byPriorityThenAge)),
    async delivered(id, now) {
      await sql`UPDATE alerts SET posted_at = ${now}, last_error = NULL, next_attempt_at = NULL WHERE id = ${id.toString()}::int8`;
    },
    async retryLater(id, error, at, dead) {
      await sql`UPDATE alerts SET attempts = attempts + 1, last_error = ${error.slice(0, 1000)}, next_attempt_at = ${at},
                                  dead_at = CASE WHEN ${dead}::bool THEN now() ELSE NULL END
                WHERE id = ${id.toString()}::int8`;
    },
  };
}
