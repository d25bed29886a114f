import type { AlertView, ApprovalFacts, DisputeFacts, ImportRunFacts, InvoiceFacts, OwnerRef } from '../../../src/views/alert-view.js';
import type { CurrencyKpis } from '../../../src/domain/kpi/currency-kpis.js';
import type { WeeklyDigest } from '../../../src/views/digest-view.js';

// Realistic view models for the Slack builders' tests, with hostile user text where people can type it.

export const hostileName = '<!channel> & *bold*';
export const hostileNote = '<@U999> please look <!here> <http://evil.example|click> @everyone';

export const ana: OwnerRef = { name: 'Ana Costa', email: 'ana@arbot.example', team: 'sales', slackUserId: 'U0ANA0001' };
export const dev: OwnerRef = { name: 'Dev Lead', email: 'dev@arbot.example', team: 'delivery', slackUserId: 'W0DEV0002' };
export const fin: OwnerRef = { name: 'Fin Ops', email: 'fin@arbot.example', team: 'finance', slackUserId: 'U0FIN0003' };
/** No Slack id known: mentioned by (escaped) name. */
export const bob: OwnerRef = { name: 'Bob <!here>_x', email: 'bob@arbot.example', team: 'delivery', slackUserId: null };
/** A Slack id that is really an injection attempt from an import file. */
export const mallory: OwnerRef = { name: 'Mallory', email: 'm@arbot.example', team: 'sales', slackUserId: 'U1><!channel' };

export function invoice(over: Partial<InvoiceFacts> = {}): InvoiceFacts {
  return {
    invoiceId: '1042',
    number: 'INV-2026-0042',
    customerName: 'Northwind Traders',
    customerExternalId: 'NW-001',
    segment: 'top',
    strategic: true,
    amountDue: '€12,480.00',
    currency: 'EUR',
    dueDate: '2026-02-27',
    daysOverdue: 12,
    clientReference: 'PO-88812',
    lastReminder: { step: 'overdue', sentAt: '2026-03-09T08:00:00Z', tracking: 'opened' },
    promise: null,
    openDispute: null,
    onHoldUntil: null,
    closedDispute: null,
    // Owes money, no payment plan open for its customer and currency: "Offer a payment plan" shows.
    planning: { owing: true, inOpenPlan: false, maxInstalments: 6 },
    ...over,
  };
}

export function dispute(over: Partial<DisputeFacts> = {}): DisputeFacts {
  return {
    disputeId: '77',
    invoice: invoice({ openDispute: { id: '77', status: 'to_clarify', ownerName: null } }),
    reason: 'Goods not received: pallet 2 of 3 missing',
    status: 'to_clarify',
    owner: null,
    openedAt: '2026-03-09T10:00:00Z',
    ageHours: 5,
    priority: 2,
    source: 'customer_link',
    deliveryRelated: true,
    ...over,
  };
}

export function approval(over: Partial<ApprovalFacts> = {}): ApprovalFacts {
  return {
    emailId: '5001',
    customerName: 'Northwind Traders',
    customerExternalId: 'NW-001',
    step: 'final_notice',
    invoices: [invoice(), invoice({ invoiceId: '1043', number: 'INV-2026-0043', amountDue: '€980.00', daysOverdue: 40 })],
    owner: ana,
    status: 'pending',
    decidedBy: null,
    decisionNote: null,
    sentBefore: [{ step: 'escalation', sentOn: '2026-03-09' }, { step: 'overdue', sentOn: '2026-03-02' }],
    ...over,
  };
}

export const manyInvoices = (n: number): InvoiceFacts[] =>
  Array.from({ length: n }, (_, k) => invoice({ invoiceId: String(2000 + k), number: `INV-2026-${String(k).padStart(4, '0')}`, daysOverdue: k }));

/** One or more realistic views of every AlertView kind, named for the state they are in. */
/** An import run's facts: `n` unmatched payments of which the first 20 are listed, in two currencies. */
export function importRun(over: Partial<ImportRunFacts> = {}, n = 5000): ImportRunFacts {
  return {
    runId: '42', via: 'csv', actor: 'fin@arbot.example', finishedAt: '2026-03-20 11:00 (Europe/Paris)', failed: null,
    unmatched: {
      count: n,
      lines: Array.from({ length: Math.min(20, n) }, (_, k) => ({
        paymentExternalId: `PAY-${k + 1}`, customerExternalId: `NW-${k % 3}`, customerName: k % 5 === 4 ? null : 'Northwind Traders',
        amount: '€1,000.00', reason: 'no invoice number, no reference match and no open invoice with this exact amount',
      })),
      totals: ['€5,000,000.00', '$12.00'],
    },
    released: null,
    ...over,
  };
}

export const alertCases: readonly [string, AlertView][] = [
  ['invoice_overdue', { kind: 'invoice_overdue', invoice: invoice(), owner: ana }],
  ['invoice_overdue with a promise and a dispute', { kind: 'invoice_overdue', owner: ana, invoice: invoice({
    promise: { date: '2026-03-20', amount: '€5,000.00' }, openDispute: { id: '77', status: 'awaiting_client', ownerName: 'Ana Costa' }, onHoldUntil: '2026-03-15',
  }) }],
  ['invoice_overdue without an owner', { kind: 'invoice_overdue', invoice: invoice({ lastReminder: null, clientReference: null }), owner: null }],
  ['delivery_blocker without a dispute', { kind: 'delivery_blocker', invoice: invoice({ daysOverdue: 11 }), owner: dev, dispute: null }],
  ['delivery_blocker with an unclaimed dispute', { kind: 'delivery_blocker', invoice: invoice(), owner: dev, dispute: dispute() }],
  ['delivery_blocker with a claimed dispute', { kind: 'delivery_blocker', invoice: invoice(), owner: bob, dispute: dispute({ owner: dev, status: 'awaiting_client' }) }],
  ['dispute unclaimed', { kind: 'dispute', dispute: dispute(), mention: [ana, dev] }],
  ['dispute claimed, priority 1', { kind: 'dispute', dispute: dispute({ owner: ana, priority: 1, ageHours: 52, status: 'awaiting_client' }), mention: [ana, fin] }],
  ['approval pending', { kind: 'approval', approval: approval() }],
  ['approval approved', { kind: 'approval', approval: approval({ status: 'approved', decidedBy: 'Ana Costa' }) }],
  ['approval refused', { kind: 'approval', approval: approval({ status: 'refused', decidedBy: 'Fin Ops', decisionNote: 'They paid by wire yesterday; wait for the bank.' }) }],
  ['approval personal', { kind: 'approval', approval: approval({ status: 'personal', decidedBy: 'Ana Costa' }) }],
  ['approval of 200 invoices', { kind: 'approval', approval: approval({ invoices: manyInvoices(200) }) }],
  ['email_bounced', { kind: 'email_bounced', customerName: 'Northwind Traders', customerExternalId: 'NW-001', address: 'ap@northwind.example', reason: '550 5.1.1 mailbox unavailable', owner: ana }],
  ['email_problem failed', { kind: 'email_problem', problem: 'failed', customerName: 'Northwind Traders', customerExternalId: 'NW-001', step: 'overdue', reason: 'gave up after 5 attempts: 503 service unavailable', owner: ana }],
  ['email_problem in doubt', { kind: 'email_problem', problem: 'in_doubt', customerName: 'Northwind Traders', customerExternalId: 'NW-001', step: 'final_notice', reason: 'the process stopped while sending', owner: null }],
  ['customer_promise', { kind: 'customer_promise', invoice: invoice({ promise: { date: '2026-04-02', amount: '€500.00' } }), invoiceNumbers: ['INV-1', 'INV-2'], amount: '€1,500.00', promisedDate: '2026-04-02', owner: ana }],
  ['promise_broken', { kind: 'promise_broken', invoice: invoice({ promise: { date: '2026-03-02', amount: null } }), promisedDate: '2026-03-02', owner: ana }],
  ['payment_unmatched', { kind: 'payment_unmatched', paymentExternalId: 'PAY-9', customerName: 'Northwind Traders', amount: '€1,000.00', receivedDate: '2026-03-08', reference: 'transfer 0042 0043', reason: 'two open invoices could match' }],
  ['payment_unmatched without reference', { kind: 'payment_unmatched', paymentExternalId: 'PAY-10', customerName: 'Northwind Traders', amount: '€1.00', receivedDate: '2026-03-08', reference: null, reason: 'no open invoice matches' }],
  ['invoice_incomplete', { kind: 'invoice_incomplete', invoice: invoice({ clientReference: null, lastReminder: null }), missing: ['po_number', 'client_reference', 'billing_contact', 'proof_of_delivery'], owner: ana }],
  ['approval_reminder pending', { kind: 'approval_reminder', approval: approval(), requestedAt: '2026-03-08T08:00:00.000Z', waitingHours: 26 }],
  ['approval_reminder decided', { kind: 'approval_reminder', approval: approval({ status: 'approved', decidedBy: 'Ana Costa' }), requestedAt: '2026-03-08T08:00:00.000Z', waitingHours: 30 }],
  ['weekly_digest', { kind: 'weekly_digest', digest: digest() }],
  ['import_run of 5,000 unmatched payments', { kind: 'import_run', run: importRun() }],
  ['import_run with released allocations, stopped early', { kind: 'import_run', run: importRun({
    failed: 'connection lost', unmatched: { count: 0, lines: [], totals: [] },
    released: { count: 25, lines: Array.from({ length: 20 }, (_, k) => ({ externalId: `INV-${k}`, amount: k % 2 ? '€10.00' : null, reason: 'the invoice now totals less than its allocations' })) },
  }, 0) }],
];

export function digest(over: Partial<WeeklyDigest> = {}): WeeklyDigest {
  const k = (currency: string, dso: number | null, open: string): CurrencyKpis => ({
    currency, open_ar: open, open_count: 10, overdue_count: 4, overdue_amount: '4000.00', overdue_share_count: 0.4, overdue_share_amount: 0.35,
    aging: { current: '1.00', '1_30': '1.00', '31_60': '1.00', '61_90': '1.00', '91_plus': '1.00' },
    disputed_count: 2, disputed_amount: '900.00', avg_dispute_age_days: 3, dso_90d: dso, best_possible_dso: null, add: null,
    dso_countback: null, cei: null, avg_days_to_pay: null, avg_days_late: null, on_time_share: null, in_payment_plan_amount: '0.00', promised_amount: '0.00',
  });
  return {
    asOf: '2026-03-16', weekAgo: '2026-03-09',
    currencies: [{ now: k('EUR', 41.3, '12000.00'), weekAgo: k('EUR', 44.1, '13500.00') }, { now: k('USD', null, '500.00'), weekAgo: null }],
    activity: { disputesOpened: 3, disputesClosed: 1, promisesLogged: 2, promisesBroken: 1, remindersSent: 14, paymentsReceived: ['€1,500.00', '$90.00'] },
    disputeAges: [{ label: 'under 48 h', count: 1 }, { label: '2–7 days', count: 1 }, { label: '7–30 days', count: 0 }, { label: 'over 30 days', count: 0 }],
    oldestDisputes: [{ customerName: 'Northwind Traders', invoiceNumber: 'INV-2026-0042', ageDays: 6, status: 'to_clarify', ownerName: null, amountDue: '€500.00' }],
    ...over,
  };
}

/** The same kinds with hostile text in every field people can type into. */
export const hostileCases: readonly [string, AlertView][] = (() => {
  const inv = invoice({ customerName: hostileName, number: '<!subteam^S1>', clientReference: hostileNote,
    promise: { date: '2026-03-20', amount: '<@U999>' }, openDispute: { id: '77', status: 'to_clarify', ownerName: hostileNote } });
  const d = dispute({ invoice: inv, reason: hostileNote });
  return [
    ['invoice_overdue', { kind: 'invoice_overdue', invoice: inv, owner: ana }],
    ['delivery_blocker', { kind: 'delivery_blocker', invoice: inv, owner: bob, dispute: d }],
    ['dispute', { kind: 'dispute', dispute: d, mention: [ana, bob, mallory] }],
    ['approval', { kind: 'approval', approval: approval({ customerName: hostileName, invoices: [inv], status: 'refused', decidedBy: hostileNote, decisionNote: hostileNote }) }],
    ['approval pending', { kind: 'approval', approval: approval({ customerName: hostileName, invoices: [inv], owner: mallory }) }],
    ['email_bounced', { kind: 'email_bounced', customerName: hostileName, customerExternalId: 'X', address: '<mailto:x@y|x>', reason: hostileNote, owner: ana }],
    ['email_problem', { kind: 'email_problem', problem: 'failed', customerName: hostileName, customerExternalId: 'X', step: '<!here>', reason: hostileNote, owner: ana }],
    ['promise_broken', { kind: 'promise_broken', invoice: inv, promisedDate: '<!channel>', owner: ana }],
    ['payment_unmatched', { kind: 'payment_unmatched', paymentExternalId: '<!channel>', customerName: hostileName, amount: '<@U999>', receivedDate: '2026-03-08', reference: hostileNote, reason: hostileNote }],
    ['invoice_incomplete', { kind: 'invoice_incomplete', invoice: inv, missing: ['po_number'], owner: ana }],
    ['import_run', { kind: 'import_run', run: importRun({
      actor: hostileNote, failed: hostileNote,
      unmatched: { count: 3, totals: ['<@U999>'], lines: [{ paymentExternalId: '<!channel>', customerExternalId: hostileName, customerName: hostileName, amount: '<@U999>', reason: hostileNote }] },
      released: { count: 1, lines: [{ externalId: '<!subteam^S1>', amount: '<@U999>', reason: hostileNote }] },
    }) }],
    ['approval_reminder', { kind: 'approval_reminder', approval: approval({ customerName: hostileName, invoices: [inv], owner: mallory }), requestedAt: '2026-03-08T08:00:00.000Z', waitingHours: 50 }],
    ['weekly_digest', { kind: 'weekly_digest', digest: digest({
      activity: { disputesOpened: 0, disputesClosed: 0, promisesLogged: 0, promisesBroken: 0, remindersSent: 0, paymentsReceived: [hostileNote] },
      oldestDisputes: [{ customerName: hostileName, invoiceNumber: '<!subteam^S1>', ageDays: 40, status: 'awaiting_client', ownerName: hostileNote, amountDue: '<@U999>' }],
    }) }],
  ];
})();

/** A realistic currency's KPIs for the /dso and digest builders (Slack and Teams), with `over` changing some. */
export function currencyKpis(currency: string, over: Partial<CurrencyKpis> = {}): CurrencyKpis {
  return {
    currency, open_ar: '1248000.00', open_count: 48, overdue_count: 12, overdue_amount: '389500.50',
    overdue_share_count: 0.25, overdue_share_amount: 0.3121,
    aging: { current: '858499.50', '1_30': '200000.00', '31_60': '100000.00', '61_90': '50000.00', '91_plus': '39500.50' },
    disputed_count: 4, disputed_amount: '30000.00', avg_dispute_age_days: 6.5,
    dso_90d: 41.25, best_possible_dso: 28.4, add: 12.85, dso_countback: 39.1, cei: 0.82,
    avg_days_to_pay: 44.2, avg_days_late: 9.1, on_time_share: 0.61, in_payment_plan_amount: '0.00', promised_amount: '0.00', ...over,
  };
}
