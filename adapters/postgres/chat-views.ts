// Postgres → the platform-neutral chat view models (src/views/alert-view.ts) and the /ar and App Home inputs.
// Every loader reads as of an explicit `now`; amounts and days overdue use the company's calendar day in `zone`.
export { loadInvoiceFacts } from './chat-views-invoices.js';
export { loadApprovalFacts, loadDisputeFacts } from './chat-views-disputes.js';
export { loadRoutingFacts, type SubjectIds } from './chat-views-subjects.js';
export { loadAlertView, subjectView, type AlertRow } from './chat-views-alerts.js';
export { customerMatchesMax, loadCustomerOverview, type CustomerLookup } from './chat-views-customer.js';
export { loadHomeQueue } from './chat-views-home.js';
