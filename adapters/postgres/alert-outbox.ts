import type { AlertOutbox, PendingAlert } from '../../src/services/dispatch-alerts.js';
import type { Sql } from './connect.js';

export function postgresAlertOutbox(sql: Sql): AlertOutbox {
  return {
    due: (now, limit) => sql<PendingAlert[]>`
      SELECT id, kind, attempts, customer_id, invoice_id, dispute_id, email_id, details FROM alerts
      WHERE posted_at IS NULL AND dead_at IS NULL AND raised_at <= ${now}
        AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
      ORDER BY id LIMIT ${limit}`,
    async delivered(id, now) {
      await sql`UPDATE alerts SET posted_at = ${now}, last_error = NULL WHERE id = ${id.toString()}::int8`;
    },
    async retryLater(id, error, at, dead) {
      await sql`UPDATE alerts SET attempts = attempts + 1, last_error = ${error.slice(0, 1000)}, next_attempt_at = ${at},
                                  dead_at = CASE WHEN ${dead}::bool THEN now() ELSE NULL END
                WHERE id = ${id.toString()}::int8`;
    },
  };
}
