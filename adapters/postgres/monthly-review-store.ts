import { alertPriority } from '../../src/domain/alerts.js';
import type { CalendarMonth } from '../../src/domain/reports/report-month.js';
import type { MonthlyReviewStore } from '../../src/ports/monthly-review-store.js';
import type { Sql } from './connect.js';

/** The alert's dedupe key: one review per month, whichever run or instance raises it first. */
export const monthlyReviewKey = (month: CalendarMonth) => `monthly_review:${month}`;

/** The monthly review's holidays and its queueing as a `monthly_review` alert (a snapshot of the view, as the digest). */
export function postgresMonthlyReviewStore(sql: Sql): MonthlyReviewStore {
  return {
    async companyHolidays() {
      const rows = await sql<{ day: string }[]>`SELECT day::text AS day FROM holidays WHERE country = '*'`;
      return new Set(rows.map((r) => r.day));
    },
    async isQueued(month) {
      const rows = await sql`SELECT 1 FROM alerts WHERE dedupe_key = ${monthlyReviewKey(month)}`;
      return rows.length > 0;
    },
    async queue(review, raisedAt) {
      // ON CONFLICT on the unique dedupe key: two instances racing on the same morning insert one row.
      const rows = await sql`
        INSERT INTO alerts (kind, priority, dedupe_key, raised_at, details)
        VALUES ('monthly_review', ${alertPriority('monthly_review')}, ${monthlyReviewKey(review.month)}, ${raisedAt}, ${sql.json({ review } as never)})
        ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`;
      return rows.length > 0;
    },
  };
}
