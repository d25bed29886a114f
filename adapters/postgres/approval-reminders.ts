import { alertPriority } from '../../src/domain/alerts.js';
import type { Sql } from './connect.js';

/**
 * Approvals still undecided `delayHours` after they were requested are reminded, once: the email is stamped
 * approval_reminded_at and an `approval_reminder` alert is raised for its account manager, in one statement.
 */
export async function raiseApprovalReminders(sql: Sql, now: Date, delayHours: number): Promise<number> {
  const rows = await sql`
    WITH due AS (
      UPDATE reminder_emails e SET approval_reminded_at = ${now}, updated_at = now()
      FROM alerts a
      WHERE a.dedupe_key = 'approval_requested:' || e.id
        AND e.status = 'awaiting_approval' AND e.approval_reminded_at IS NULL
        AND a.raised_at <= ${now}::timestamptz - make_interval(hours => ${delayHours}::int)
      RETURNING e.id, e.customer_id
    )
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, email_id, raised_at)
    SELECT 'approval_reminder', ${alertPriority('approval_reminder')}, 'approval_reminder:' || id, customer_id, id, ${now} FROM due
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return rows.length;
}
