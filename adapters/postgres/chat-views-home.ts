import type { HomeQueue, OverdueAccount } from '../../blocks/slack/home-view.js';
import { daysBetween } from '../../src/domain/calendar-date.js';
import { loadApprovalFactsMany, loadDisputeFactsMany } from './chat-views-disputes.js';
import { companyToday, money, openDisputeAt, remainingSql } from './chat-views-invoices.js';
import { loadRepliesWaiting } from './chat-views-conversation.js';
import { loadHomePlans } from './chat-views-plan-lists.js';
import type { Sql } from './connect.js';

/**
 * The App Home "my queue" of one owner as of `now`: the open disputes they claimed (oldest first), the pending
 * approvals they may decide (their customers' as account manager; every one if they are an approver), and the
 * customers they own (as sales or delivery owner) with money overdue on the company's today, and the customer replies
 * waiting for someone (of those customers; of all customers for finance people), and their payment plans (loadHomePlans).
 */
export async function loadHomeQueue(sql: Sql, ownerId: bigint, now: Date, zone: string): Promise<HomeQueue> {
  const today = companyToday(now, zone);
  const me = ownerId.toString();
  const disputeIds = await sql<{ id: bigint }[]>`
    SELECT d.id FROM disputes d WHERE d.owner_id = ${me}::int8 AND ${openDisputeAt(sql, 'd', now)} ORDER BY d.opened_at, d.id`;
  const emailIds = await sql<{ id: bigint }[]>`
    SELECT e.id FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
    WHERE e.status = 'awaiting_approval'
      -- Who may decide: the account manager or a finance approver (src/domain/rights/chat-rights.ts, decide_approval).
      AND (c.sales_owner_id = ${me}::int8 OR EXISTS (SELECT 1 FROM owners o WHERE o.id = ${me}::int8 AND o.approver AND o.team = 'finance'))
    ORDER BY e.scheduled_for, e.id`;
  const overdue = await sql<{
    name: string; external_id: string; segment: OverdueAccount['segment']; strategic: boolean;
    currency: string; overdue_minor: bigint; invoices: bigint; oldest_due: string;
  }[]>`
    SELECT c.name, c.external_id, c.segment, c.strategic, o.currency,
           sum(o.remaining_minor)::int8 AS overdue_minor, count(*) AS invoices, min(o.due_date)::text AS oldest_due
    FROM customers c
    JOIN LATERAL (
      SELECT i.currency, i.due_date, ${remainingSql(sql, today)} AS remaining_minor
      FROM invoices i WHERE i.customer_id = c.id AND i.due_date < ${today}::date) o ON o.remaining_minor > 0
    WHERE c.sales_owner_id = ${me}::int8 OR c.delivery_owner_id = ${me}::int8
    GROUP BY c.id, o.currency
    ORDER BY c.id, o.currency`;
  const disputes = await loadDisputeFactsMany(sql, disputeIds.map((d) => d.id), now, zone);
  const approvals = await loadApprovalFactsMany(sql, emailIds.map((e) => e.id), now, zone);
  return {
    disputes: disputeIds.flatMap((d) => disputes.get(d.id) ?? []),
    approvals: emailIds.flatMap((e) => approvals.get(e.id) ?? []),
    overdueAccounts: overdueAccounts(overdue, today),
    repliesWaiting: await loadRepliesWaiting(sql, ownerId, now, zone),
    plans: await loadHomePlans(sql, ownerId, now, zone),
    asOf: now.toISOString(),
  };
}

function overdueAccounts(
  rows: readonly { name: string; external_id: string; segment: OverdueAccount['segment']; strategic: boolean; currency: string; overdue_minor: bigint; invoices: bigint; oldest_due: string }[],
  today: string,
): OverdueAccount[] {
  const byCustomer = new Map<string, { account: Omit<OverdueAccount, 'overdue'>; overdue: string[] }>();
  for (const r of rows) {
    const days = daysBetween(r.oldest_due, today);
    const seen = byCustomer.get(r.external_id);
    if (seen) {
      seen.overdue.push(money(r.overdue_minor, r.currency));
      seen.account = {
        ...seen.account,
        overdueInvoices: seen.account.overdueInvoices + Number(r.invoices),
        oldestDaysOverdue: Math.max(seen.account.oldestDaysOverdue, days),
      };
      continue;
    }
    byCustomer.set(r.external_id, {
      account: {
        customerName: r.name, customerExternalId: r.external_id, segment: r.segment, strategic: r.strategic,
        overdueInvoices: Number(r.invoices), oldestDaysOverdue: days,
      },
      overdue: [money(r.overdue_minor, r.currency)],
    });
  }
  return [...byCustomer.values()].map(({ account, overdue }) => ({ ...account, overdue }))
    .sort((a, b) => b.oldestDaysOverdue - a.oldestDaysOverdue || a.customerName.localeCompare(b.customerName));
}
