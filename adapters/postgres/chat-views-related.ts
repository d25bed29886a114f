import { parseSubjectKey, sameSubject, type SubjectRef } from '../../src/domain/subject.js';
import type { Sql } from './connect.js';

// Every posted message whose view shows a given invoice or dispute, whatever its own subject: a claim on the
// dispute changes its invoice's overdue and delivery cards too ("Dispute: claimed by Ana"), an approval lists the
// invoice, a one-off alert (promise broken, credit note awaited) shows it.

/**
 * The subjects to redraw after a change to `changed`: the keys themselves first (in order: the first one's messages
 * get the thread line), then every other subject with a posted message (on any platform) that shows one of their
 * invoices or disputes. Subjects of other kinds are kept as they are.
 */
export async function subjectsShowing(sql: Sql, changed: readonly SubjectRef[]): Promise<SubjectRef[]> {
  const disputes = changed.filter((s) => s.kind === 'dispute').map((s) => s.id.toString());
  const invoices = changed.filter((s) => s.kind === 'invoice' || s.kind === 'delivery').map((s) => s.id.toString());
  if (disputes.length === 0 && invoices.length === 0) return [...changed];
  const rows = await sql<{ subject_key: string }[]>`
    WITH inv AS (
      SELECT unnest(${invoices}::text[])::int8 AS id
      UNION SELECT invoice_id FROM disputes WHERE id = ANY(${disputes}::text[]::int8[])
    ), dis AS (
      SELECT id FROM disputes WHERE invoice_id IN (SELECT id FROM inv)
    ), related AS (
      SELECT 'invoice:' || id AS k FROM inv
      UNION SELECT 'delivery:' || id FROM inv
      UNION SELECT 'dispute:' || id FROM dis
      UNION SELECT 'alert:' || a.id FROM alerts a WHERE a.invoice_id IN (SELECT id FROM inv) OR a.dispute_id IN (SELECT id FROM dis)
      UNION SELECT 'approval:' || r.email_id FROM reminders r WHERE r.invoice_id IN (SELECT id FROM inv)
      UNION SELECT 'approval-reminder:' || r.email_id FROM reminders r WHERE r.invoice_id IN (SELECT id FROM inv)
      UNION SELECT 'change:' || c.id FROM change_requests c WHERE c.invoice_id IN (SELECT id FROM inv)
      UNION SELECT 'reply:' || r.id FROM inbound_replies r WHERE r.invoice_id IN (SELECT id FROM inv)
    )
    SELECT DISTINCT m.subject_key FROM chat_messages m JOIN related ON related.k = m.subject_key ORDER BY m.subject_key`;
  const out = [...changed];
  for (const r of rows) {
    const s = parseSubjectKey(r.subject_key);
    if (s !== null && !out.some((o) => sameSubject(o, s))) out.push(s);
  }
  return out;
}
