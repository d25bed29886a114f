import { alertPriority } from '../../src/domain/alerts.js';
import type { Sql } from './connect.js';
import { customerToday, openArSql } from './credit-sql.js';
import { owesOn } from './settlement-sql.js';

// The credit alerts (issue 19), set-based like the other producers (alert-producers.ts). Each rule fires once per
// crossing: credit_alert_arms (migration 025) is disarmed when it fires and re-armed when the customer falls back
// below; the alert's dedupe key ends with the crossing's number, so a retry or a second instance raises nothing.

/**
 * Open AR reaching 80% and 100% of a customer's credit limit (in the limit's currency, on the customer's today).
 * The rule is crossedThresholds (src/domain/credit/credit-position.ts) in SQL; when one run crosses both, one alert
 * (the 100% one) is raised and both are disarmed.
 */
export async function raiseCreditThresholdAlerts(sql: Sql, now: Date): Promise<number> {
  return sql.begin(async (t) => {
    const tx = t as unknown as Sql;
    const today = customerToday(tx, now);
    // A limit removed or moved to another currency: its old arms mean nothing any more.
    await tx`DELETE FROM credit_alert_arms a USING customers c
             WHERE c.id = a.customer_id AND a.rule <> 'overdue' AND c.credit_limit_currency IS DISTINCT FROM a.currency`;
    const rows = await tx`
      WITH pos AS (
        SELECT c.id AS customer_id, c.credit_limit_currency::text AS currency, c.credit_limit_minor AS limit_minor,
               ${openArSql(tx, tx`c.credit_limit_currency`, today)} AS open_minor
        FROM customers c WHERE c.credit_limit_minor IS NOT NULL),
      rules AS (
        SELECT p.*, t.pct, 'used_' || t.pct AS rule, (p.open_minor > 0 AND p.open_minor * 100 >= p.limit_minor * t.pct) AS crossed
        FROM pos p CROSS JOIN (VALUES (80), (100)) t(pct)),
      -- Data-modifying CTEs run whatever reads them; the two touch disjoint rows (crossed or not).
      rearmed AS (
        UPDATE credit_alert_arms a SET armed = true FROM rules r
        WHERE a.customer_id = r.customer_id AND a.rule = r.rule AND a.currency = r.currency AND NOT r.crossed AND NOT a.armed
        RETURNING a.customer_id),
      fired AS (
        INSERT INTO credit_alert_arms (customer_id, rule, currency, armed, crossings, fired_at)
        SELECT customer_id, rule, currency, false, 1, ${now} FROM rules WHERE crossed
        ON CONFLICT (customer_id, rule, currency) DO UPDATE
          SET armed = false, crossings = credit_alert_arms.crossings + 1, fired_at = excluded.fired_at
          WHERE credit_alert_arms.armed
        RETURNING customer_id, rule, currency::text AS currency, crossings),
      hits AS (SELECT f.*, r.pct, r.limit_minor, r.open_minor FROM fired f JOIN rules r USING (customer_id, rule, currency))
      INSERT INTO alerts (kind, priority, dedupe_key, customer_id, raised_at, details)
      SELECT 'credit_threshold', ${alertPriority('credit_threshold')},
             'credit_threshold:' || h.customer_id || ':' || h.currency || ':' || h.rule || ':' || h.crossings, h.customer_id, ${now},
             jsonb_build_object('threshold', h.pct, 'currency', h.currency, 'limit_minor', h.limit_minor::text, 'open_minor', h.open_minor::text)
      FROM hits h
      WHERE NOT EXISTS (SELECT 1 FROM hits g WHERE g.customer_id = h.customer_id AND g.pct > h.pct)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id`;
    return rows.length;
  }) as Promise<number>;
}

/**
 * Customers with an open invoice more than `days` (CREDIT_OVERDUE_DAYS) past due on their today: once, until no
 * invoice is (isPastOverdueLimit in src/domain/credit/credit-position.ts, in SQL).
 */
export async function raiseCreditOverdueAlerts(sql: Sql, now: Date, days: number): Promise<number> {
  const today = customerToday(sql, now);
  const rows = await sql`
    WITH late AS (
      SELECT c.id AS customer_id, max(${today} - i.due_date) AS days_overdue
      FROM invoices i JOIN customers c ON c.id = i.customer_id JOIN invoice_settlements s ON s.invoice_id = i.id
      WHERE i.due_date < ${today} - ${days}::int AND i.issue_date <= ${today} AND ${owesOn(sql, 's', today)}
      GROUP BY c.id),
    rearmed AS (
      UPDATE credit_alert_arms a SET armed = true
      WHERE a.rule = 'overdue' AND NOT a.armed AND NOT EXISTS (SELECT 1 FROM late l WHERE l.customer_id = a.customer_id)
      RETURNING a.customer_id),
    fired AS (
      INSERT INTO credit_alert_arms (customer_id, rule, currency, armed, crossings, fired_at)
      SELECT customer_id, 'overdue', 'XXX', false, 1, ${now} FROM late
      ON CONFLICT (customer_id, rule, currency) DO UPDATE
        SET armed = false, crossings = credit_alert_arms.crossings + 1, fired_at = excluded.fired_at
        WHERE credit_alert_arms.armed
      RETURNING customer_id, crossings)
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, raised_at, details)
    SELECT 'credit_overdue', ${alertPriority('credit_overdue')}, 'credit_overdue:' || f.customer_id || ':' || f.crossings, f.customer_id, ${now},
           jsonb_build_object('days_overdue', l.days_overdue, 'overdue_days', ${days}::int)
    FROM fired f JOIN late l USING (customer_id)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return rows.length;
}
