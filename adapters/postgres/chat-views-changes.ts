import { describeChange } from '../../src/domain/rights/change-limits.js';
import type { AlertView } from '../../src/views/alert-view.js';
import { loadChangeRequest } from './change-requests.js';
import { loadInvoiceFacts } from './chat-views-invoices.js';
import type { Sql } from './connect.js';

/**
 * A change waiting for (or decided by) a finance approver, as its card shows it: the invoice, what was asked, by
 * whom, why it needs an approver, and the decision once made. Null when the request or its invoice is gone.
 */
export async function changeRequestView(sql: Sql, requestId: bigint, now: Date, zone: string): Promise<AlertView | null> {
  const r = await loadChangeRequest(sql, requestId);
  if (!r) return null;
  const invoice = (await loadInvoiceFacts(sql, [r.invoiceId], now, zone)).get(r.invoiceId);
  if (!invoice) return null;
  const [x] = await sql<{ limit_reason: string; decision_note: string | null; requester: string; decider: string | null }[]>`
    SELECT r.limit_reason, r.decision_note, coalesce(nullif(o.name, ''), o.email) AS requester,
           -- decided_by is the audit label (an email): shown by the owner's name, the audit keeps the email.
           coalesce((SELECT nullif(d.name, '') FROM owners d WHERE lower(d.email) = lower(r.decided_by) LIMIT 1), r.decided_by) AS decider
    FROM change_requests r JOIN owners o ON o.id = r.requested_by_id WHERE r.id = ${requestId.toString()}::int8`;
  return {
    kind: 'change_request',
    request: {
      requestId: r.id.toString(), invoice, change: r.change.kind, what: describeChange(r.change, invoice.currency),
      limitReason: x!.limit_reason, note: r.change.kind === 'pause' ? r.change.reason : r.change.note,
      requestedBy: x!.requester, status: r.status, decidedBy: x!.decider, decisionNote: x!.decision_note,
    },
  };
}
