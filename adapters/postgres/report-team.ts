import type { ApprovalFacts, DisputeWorkFacts, OverdueFacts, PromiseFacts, TeamFacts, TeamKey } from '../../src/domain/reports/team-report.js';
import type { InstantRange } from '../../src/ports/reports.js';
import type { Sql } from './connect.js';
import { dateParam, remainingAt } from './kpi-scope.js';
import { owesOn } from './settlement-sql.js';

// Who owns a customer: its sales owner and its delivery owner (the App Home's "my customers"). A team owns a customer
// when any of its owners does; the team rows read (team, customer) pairs once, so a customer whose two owners sit
// in one team is not counted twice. Disputes and approvals have one owner each: GROUPING SETS give both levels.

const ownership = `own AS (
  SELECT sales_owner_id AS owner_id, id AS customer_id FROM customers WHERE sales_owner_id IS NOT NULL
  UNION SELECT delivery_owner_id, id FROM customers WHERE delivery_owner_id IS NOT NULL
), team_own AS (SELECT DISTINCT o.team, own.customer_id FROM own JOIN owners o ON o.id = own.owner_id)`;

const levelKind = 'CASE WHEN GROUPING(o.id) = 0 THEN \'owner\' ELSE \'team\' END';
const levelKey = 'CASE WHEN GROUPING(o.id) = 0 THEN o.id::text ELSE o.team END';

/** Team report facts: five set-based queries, each one scan of its table family. */
export async function teamFacts(sql: Sql, asOf: string, asOfEnd: Date, month: InstantRange, slaHours: number): Promise<TeamFacts> {
  const [owners, overdue, disputes, promises, approvals] = await Promise.all([
    sql<{ id: bigint; email: string; name: string; team: string }[]>`SELECT id, email, name, team FROM owners`,
    teamOverdue(sql, asOf),
    teamDisputes(sql, month, slaHours),
    teamPromises(sql, month),
    teamApprovals(sql, asOfEnd),
  ]);
  return { owners: owners.map((o) => ({ ...o })), overdue, disputes, promises, approvals };
}

/** Overdue at the end of day D (open, due before D: the KPI's overdue) on owned customers, per currency. */
async function teamOverdue(sql: Sql, asOf: string): Promise<OverdueFacts[]> {
  const d = dateParam(sql, asOf);
  const rows = await sql<(TeamKey & { currency: string; amount: bigint; invoices: number })[]>`
    WITH ${sql.unsafe(ownership)}, od AS (
      SELECT i.customer_id, i.currency, sum(${remainingAt(sql, d)})::int8 AS amount, count(*)::int AS invoices
      FROM invoice_settlements i WHERE i.due_date < ${d} AND ${owesOn(sql, 'i', d)}
      GROUP BY i.customer_id, i.currency
    )
    SELECT 'owner' AS kind, own.owner_id::text AS key, od.currency, sum(od.amount)::int8 AS amount, sum(od.invoices)::int AS invoices
    FROM own JOIN od ON od.customer_id = own.customer_id GROUP BY own.owner_id, od.currency
    UNION ALL
    SELECT 'team', t.team, od.currency, sum(od.amount)::int8, sum(od.invoices)::int
    FROM team_own t JOIN od ON od.customer_id = t.customer_id GROUP BY t.team, od.currency`;
  return rows.map((r) => ({ kind: r.kind, key: r.key, currency: r.currency, amountMinor: r.amount, invoices: r.invoices }));
}

/**
 * Disputes held by an owner (disputes.owner_id, set when claimed) and open at some time in [from, until): claimed;
 * those closed in the period, with the seconds they took; and SLA breaches: deadline (opened + slaHours) in the
 * period and not closed before it. The SQL twin of slaBreachedWithin (src/domain/reports/sla-breach.ts).
 */
async function teamDisputes(sql: Sql, p: InstantRange, slaHours: number): Promise<DisputeWorkFacts[]> {
  const rows = await sql<(TeamKey & { claimed: number; seconds: number[]; breaches: number })[]>`
    SELECT ${sql.unsafe(levelKind)} AS kind, ${sql.unsafe(levelKey)} AS key, count(*)::int AS claimed,
           coalesce(array_agg(floor(extract(epoch FROM d.closed_at - d.opened_at))::float8)
                    FILTER (WHERE d.closed_at >= ${p.from} AND d.closed_at < ${p.until}), '{}') AS seconds,
           count(*) FILTER (WHERE x.deadline >= ${p.from} AND x.deadline < ${p.until}
                              AND (d.closed_at IS NULL OR d.closed_at >= x.deadline))::int AS breaches
    FROM disputes d JOIN owners o ON o.id = d.owner_id
    CROSS JOIN LATERAL (SELECT d.opened_at + make_interval(hours => ${slaHours}::int) AS deadline) x
    WHERE d.opened_at < ${p.until} AND (d.closed_at IS NULL OR d.closed_at >= ${p.from})
    GROUP BY GROUPING SETS ((o.id), (o.team))`;
  return rows.map((r) => ({ kind: r.kind, key: r.key, claimed: r.claimed, resolutionSeconds: r.seconds.map(Number), slaBreaches: r.breaches }));
}

/** Promises to pay on owned customers' invoices that were kept or broken in [from, until). */
async function teamPromises(sql: Sql, p: InstantRange): Promise<PromiseFacts[]> {
  return sql<PromiseFacts[]>`
    WITH ${sql.unsafe(ownership)}, pr AS (
      SELECT i.customer_id, p.status FROM promises_to_pay p JOIN invoices i ON i.id = p.invoice_id
      WHERE p.status IN ('kept', 'broken') AND p.resolved_at >= ${p.from} AND p.resolved_at < ${p.until}
    )
    SELECT 'owner' AS kind, own.owner_id::text AS key,
           count(*) FILTER (WHERE pr.status = 'kept')::int AS kept, count(*) FILTER (WHERE pr.status = 'broken')::int AS broken
    FROM own JOIN pr ON pr.customer_id = own.customer_id GROUP BY own.owner_id
    UNION ALL
    SELECT 'team', t.team, count(*) FILTER (WHERE pr.status = 'kept')::int, count(*) FILTER (WHERE pr.status = 'broken')::int
    FROM team_own t JOIN pr ON pr.customer_id = t.customer_id GROUP BY t.team`;
}

/**
 * Approval-gated reminder emails waiting at instant `at`, for the customer's account manager (sales owner, who
 * decides them): requested (scheduled_for) before `at` and undecided then, that is still awaiting approval or
 * decided after `at`. The age is `at` less the oldest request.
 */
async function teamApprovals(sql: Sql, at: Date): Promise<ApprovalFacts[]> {
  const rows = await sql<(TeamKey & { pending: number; oldest: number })[]>`
    SELECT ${sql.unsafe(levelKind)} AS kind, ${sql.unsafe(levelKey)} AS key, count(*)::int AS pending,
           floor(extract(epoch FROM ${at}::timestamptz - min(e.scheduled_for)))::float8 AS oldest
    FROM reminder_emails e JOIN customers c ON c.id = e.customer_id JOIN owners o ON o.id = c.sales_owner_id
    WHERE e.scheduled_for < ${at} AND (e.status = 'awaiting_approval' OR (e.decision IS NOT NULL AND e.decided_at >= ${at}))
    GROUP BY GROUPING SETS ((o.id), (o.team))`;
  return rows.map((r) => ({ kind: r.kind, key: r.key, pending: r.pending, oldestSeconds: Number(r.oldest) }));
}
