import type { ChatViews } from '../../src/ports/chat-views.js';
import { viewOfSubject } from './chat-views-alerts.js';
import { changeRequestView } from './chat-views-changes.js';
import { loadCustomerOverview } from './chat-views-customer.js';
import { loadApprovalFacts, loadDisputeFacts } from './chat-views-disputes.js';
import { loadHomeQueue } from './chat-views-home.js';
import { loadInvoiceFacts } from './chat-views-invoices.js';
import { subjectsShowing } from './chat-views-related.js';
import { loadReplyFacts, loadReplyFullText, loadReplyRecipients } from './chat-views-replies.js';
import type { Sql } from './connect.js';
import { loadCreditOfAlert } from './credit-views.js';

/** The chat views of the ledger, in the company's time zone (`zone`: COMPANY_TIMEZONE). */
export function postgresChatViews(sql: Sql, zone: string): ChatViews {
  return {
    subjectView: (subject, now) => viewOfSubject(sql, subject, now, zone),
    subjectsShowing: (changed) => subjectsShowing(sql, changed),
    invoice: async (invoiceId, now) => (await loadInvoiceFacts(sql, [invoiceId], now, zone)).get(invoiceId) ?? null,
    dispute: (disputeId, now) => loadDisputeFacts(sql, disputeId, now, zone),
    approval: (emailId, now) => loadApprovalFacts(sql, emailId, now, zone),
    async changeRequest(requestId, now) {
      const view = await changeRequestView(sql, requestId, now, zone);
      return view?.kind === 'change_request' ? view.request : null;
    },
    reply: (replyId, now) => loadReplyFacts(sql, replyId, now, zone),
    replyFullText: (replyId) => loadReplyFullText(sql, replyId),
    replyRecipients: (replyId) => loadReplyRecipients(sql, replyId),
    customer: (query, now) => loadCustomerOverview(sql, query, now, zone),
    homeQueue: (ownerId, now) => loadHomeQueue(sql, ownerId, now, zone),
    credit: (alertId, now) => loadCreditOfAlert(sql, alertId, now, zone),
  };
}
