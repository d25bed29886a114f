import { alertPriority } from '../../src/domain/alerts.js';
import type { DigestStore, OpenDispute, WeekActivity, WeekReplies } from '../../src/ports/digest-store.js';
import type { Sql } from './connect.js';
import { loadPlanFacts } from './plan-facts.js';

/** The weekly digest's reads (counts over a week, open disputes) and its queueing as a `weekly_digest` alert. */
export function postgresDigestStore(sql: Sql): DigestStore {
  return {
    async weekActivity(from, to): Promise<WeekActivity> {
      const [c] = await sql<{ opened: number; closed: number; logged: number; broken: number; sent: number }[]>`
        SELECT
          (SELECT count(*)::int FROM disputes WHERE opened_at > ${from} AND opened_at <= ${to}) AS opened,
          (SELECT count(*)::int FROM disputes WHERE closed_at > ${from} AND closed_at <= ${to}) AS closed,
          (SELECT count(*)::int FROM promises_to_pay WHERE created_at > ${from} AND created_at <= ${to}) AS logged,
          (SELECT count(*)::int FROM promises_to_pay WHERE status = 'broken' AND resolved_at > ${from} AND resolved_at <= ${to}) AS broken,
          (SELECT count(*)::int FROM reminder_emails WHERE sent_at > ${from} AND sent_at <= ${to}) AS sent`;
      // Payments are dated by the day they were received: the days after `from` up to `to`, in UTC dates.
      const payments = await sql<{ currency: string; amount: bigint }[]>`
        SELECT currency::text AS currency, sum(amount_minor)::int8 AS amount FROM payments
        WHERE received_date > (${from}::timestamptz AT TIME ZONE 'UTC')::date AND received_date <= (${to}::timestamptz AT TIME ZONE 'UTC')::date
        GROUP BY currency ORDER BY currency`;
      return {
        disputesOpened: c!.opened, disputesClosed: c!.closed, promisesLogged: c!.logged, promisesBroken: c!.broken, remindersSent: c!.sent,
        paymentsReceived: payments.map((p) => ({ currency: p.currency, amountMinor: p.amount })),
      };
    },
    async weekReplies(from, to): Promise<WeekReplies> {
      // Human replies: machine mail (auto-replies, bounces) is marked when matched and never counts; a reply not yet
      // read by the matcher has machine NULL and counts, as one a person will read. Dealt with: handled in the week,
      // whenever received (DigestReplies in src/views/digest-view.ts).
      const [r] = await sql<{ received: number; seconds: string[] }[]>`
        SELECT
          (SELECT count(*)::int FROM inbound_replies WHERE machine IS NULL AND received_at > ${from} AND received_at <= ${to}) AS received,
          ARRAY(SELECT greatest(0, floor(extract(epoch FROM handled_at - received_at)))::int8::text FROM inbound_replies
                WHERE machine IS NULL AND handled_at > ${from} AND handled_at <= ${to} ORDER BY id) AS seconds`;
      return { received: r!.received, answerSeconds: r!.seconds.map(Number) };
    },
    weekPlans: (from, to) => loadPlanFacts(sql, sql`p.started_at <= ${to} AND (p.ended_at IS NULL OR p.ended_at > ${from})`, to),
    async openDisputes(at): Promise<OpenDispute[]> {
      const rows = await sql<{ name: string; number: string; opened_at: Date; status: OpenDispute['status']; owner: string | null; currency: string; amount: bigint }[]>`
        SELECT c.name, i.number, d.opened_at, d.status, nullif(o.name, '') AS owner, i.currency::text AS currency,
               (i.amount_minor - coalesce(s.applied_minor, 0))::int8 AS amount
        FROM disputes d JOIN invoices i ON i.id = d.invoice_id JOIN customers c ON c.id = i.customer_id
        LEFT JOIN invoice_settlements s ON s.invoice_id = i.id
        LEFT JOIN owners o ON o.id = d.owner_id
        WHERE d.opened_at <= ${at} AND (d.closed_at IS NULL OR d.closed_at > ${at})
        ORDER BY d.opened_at, d.id`;
      return rows.map((r) => ({
        customerName: r.name, invoiceNumber: r.number, openedAt: r.opened_at, status: r.status, ownerName: r.owner, currency: r.currency, amountMinor: r.amount,
      }));
    },
    async queue(digest, raisedAt) {
      const rows = await sql`
        INSERT INTO alerts (kind, priority, dedupe_key, raised_at, details)
        VALUES ('weekly_digest', ${alertPriority('weekly_digest')}, ${`weekly_digest:${digest.asOf}`}, ${raisedAt}, ${sql.json({ digest } as never)})
        ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`;
      return rows.length > 0;
    },
    async lastQueuedAt() {
      const [r] = await sql<{ at: Date | null }[]>`SELECT max(raised_at) AS at FROM alerts WHERE kind = 'weekly_digest'`;
      return r?.at ?? null;
    },
  };
}
