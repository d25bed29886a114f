import { addDaysToDate, type CalendarDate } from './calendar-date.js';
import type { LedgerKind } from './import/ledger-rows.js';

type Cells = Record<string, string>;

export interface DemoPromise {
  readonly invoice_external_id: string;
  readonly promised_date: CalendarDate;
  readonly amount_minor: bigint | null;
  readonly note: string;
  readonly created_by: string;
}

/** A reminder the demo's customers were already sent, so the cadence goes on from their history. */
export interface DemoSentReminder {
  readonly invoice_external_id: string;
  readonly policy: 'standard' | 'top' | 'at_risk';
  readonly step_key: string;
  readonly template: 'upcoming' | 'overdue' | 'escalation' | 'final_notice';
  readonly sent_on: CalendarDate;
}

/**
 * A payment plan of the demo: active (an owner's offer, approved, started on `created_on`) or a customer's request
 * from the portal waiting on its approval card. Its total is what the invoices owed on `created_on` (unpaid then).
 */
export interface DemoPlan {
  readonly customer_external_id: string;
  readonly invoice_external_ids: readonly string[];
  readonly status: 'active' | 'requested';
  readonly created_on: CalendarDate;
  readonly created_by: string;
  readonly approved_by: string | null;
  readonly instalments: readonly { readonly dueDate: CalendarDate; readonly amountMinor: bigint }[];
}

export interface DemoLedger {
  readonly rows: Record<LedgerKind, Cells[]>;
  readonly promises: DemoPromise[];
  readonly sent: DemoSentReminder[];
  readonly plans: DemoPlan[];
}

const domain = 'demo.arbot.dev';
const owners: Cells[] = [
  { email: `ana.martin@${domain}`, name: 'Ana Martin', team: 'sales', approver: 'false' },
  { email: `ben.osei@${domain}`, name: 'Ben Osei', team: 'sales', approver: 'false' },
  { email: `chloe.durand@${domain}`, name: 'Chloé Durand', team: 'delivery', approver: 'false' },
  { email: `eva.rossi@${domain}`, name: 'Eva Rossi', team: 'delivery', approver: 'false' },
  { email: `dan.kim@${domain}`, name: 'Dan Kim', team: 'finance', approver: 'true' },
];

// [id, name, segment, strategic, zone, locale, currency, sales, delivery]
const customerSpecs = [
  ['C-001', 'Northwind Traders', 'top', 'true', 'Europe/Paris', 'fr', 'EUR', 'ana', 'chloe'],
  ['C-002', 'Globex Corporation', 'top', 'false', 'America/New_York', 'en', 'USD', 'ben', 'eva'],
  ['C-003', 'Initech', 'standard', 'false', 'America/Chicago', 'en', 'USD', 'ben', 'eva'],
  ['C-004', 'Umbrella Health', 'at_risk', 'false', 'Europe/London', 'en', 'GBP', 'ana', 'chloe'],
  ['C-005', 'Stark Logistics', 'standard', 'false', 'Europe/Berlin', 'en', 'EUR', 'ana', 'eva'],
  ['C-006', 'Wayne Foods', 'standard', 'false', 'America/Los_Angeles', 'en', 'USD', 'ben', 'chloe'],
  ['C-007', 'Tyrell Robotics', 'at_risk', 'false', 'Asia/Tokyo', 'en', 'JPY', 'ben', 'eva'],
  ['C-008', 'Gulf Trading Co', 'standard', 'false', 'Asia/Kuwait', 'en', 'KWD', 'ana', 'chloe'],
  ['C-009', 'Hooli', 'standard', 'false', 'America/Los_Angeles', 'en', 'USD', 'ben', 'eva'],
  ['C-010', 'Soylent SAS', 'standard', 'false', 'Europe/Paris', 'fr', 'EUR', 'ana', 'chloe'],
  ['C-011', 'Cyberdyne Systems', 'top', 'true', 'Europe/Paris', 'en', 'EUR', 'ana', 'eva'],
  ['C-012', 'Oscorp', 'standard', 'false', 'America/New_York', 'en', 'USD', 'ben', 'chloe'],
  // Payment plans: one active (its first instalment paid), one requested on the portal.
  ['C-013', 'Vandelay Industries', 'standard', 'false', 'Europe/London', 'en', 'EUR', 'ana', 'eva'],
  ['C-014', 'Librairie Soleil', 'standard', 'false', 'Europe/Paris', 'fr', 'EUR', 'ben', 'chloe'],
] as const;

/**
 * A small ledger in every state a collections team meets, dated relative to `today` so the demo always
 * shows something due: not yet due, at each cadence step, disputed, partly paid, promised, settled.
 * @example buildDemoLedger('2026-03-10').rows.customers.length // 14
 */
export function buildDemoLedger(today: CalendarDate): DemoLedger {
  const rows: Record<LedgerKind, Cells[]> = { owners, customers: [], invoices: [], payments: [], credit_notes: [], disputes: [] };
  const promises: DemoPromise[] = [];
  const sent: DemoSentReminder[] = [];
  const plans: DemoPlan[] = [];
  // What the customer was told before: [step key, template, days from the due date] of each step already sent.
  const history = (inv: { external: string; due: CalendarDate }, policy: DemoSentReminder['policy'], steps: readonly (readonly [string, DemoSentReminder['template'], number])[]) => {
    for (const [step_key, template, offset] of steps) {
      sent.push({ invoice_external_id: inv.external, policy, step_key, template, sent_on: addDaysToDate(inv.due, offset) });
    }
  };
  const upToOverdue = [['upcoming', 'upcoming', -7], ['overdue', 'overdue', 3]] as const;
  const currencyOf = new Map<string, string>();
  for (const [id, name, segment, strategic, zone, locale, currency, sales, delivery] of customerSpecs) {
    currencyOf.set(id, currency);
    rows.customers.push({
      external_id: id, name, segment, strategic, timezone: zone, locale,
      billing_email: `ap@${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example;billing@${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`,
      escalation_email: `cfo@${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`,
      sales_owner_email: `${sales === 'ana' ? 'ana.martin' : 'ben.osei'}@${domain}`,
      delivery_owner_email: `${delivery === 'chloe' ? 'chloe.durand' : 'eva.rossi'}@${domain}`,
    });
  }
  let n = 0;
  const invoice = (customer: string, dueIn: number, amount: string, extra: Partial<Cells> = {}) => {
    n++;
    const id = `INV-${String(1000 + n)}`;
    const due = addDaysToDate(today, dueIn);
    rows.invoices.push({
      external_id: `erp-${id}`, number: id, customer_external_id: customer, issue_date: addDaysToDate(due, -30), due_date: due,
      currency: currencyOf.get(customer)!, amount, po_number: `PO-${4400 + n}`, client_reference: `REF-${customer}-${n}`,
      proof_url: `https://files.${domain}/pod/${id}.pdf`, pay_url: `https://pay.${domain}/${id}`, ...extra,
    });
    return { id, external: `erp-${id}`, due };
  };
  const pay = (customer: string, on: CalendarDate, amount: string, invoiceNumber: string, reference = '') => {
    rows.payments.push({
      external_id: `PAY-${rows.payments.length + 1}`, customer_external_id: customer, received_date: on,
      currency: currencyOf.get(customer)!, amount, reference, invoice_number: invoiceNumber,
    });
  };

  // Settled history over the last six months, so DSO and its trend have sales to stand on.
  for (let m = 6; m >= 1; m--) {
    for (const c of ['C-003', 'C-005', 'C-009', 'C-010'] as const) {
      const amount = c === 'C-005' || c === 'C-010' ? `${3000 + m * 150}.00` : `${4200 + m * 100}.00`;
      const inv = invoice(c, -m * 30 - 5, amount);
      pay(c, addDaysToDate(inv.due, m % 3 === 0 ? 9 : -2), amount, '', `Payment ${inv.id} thank you`);
    }
  }
  // Not yet due, and the D-7 reminder.
  invoice('C-003', 20, '8400.00');
  invoice('C-005', 7, '12500.00');
  invoice('C-007', 7, '1850000');
  // Overdue at each cadence step: D+3, D+10 (escalation), D+20 (final notice), and long overdue.
  // The customers at D+10 and D+20 were sent the earlier steps (their history), so the cadence goes on from there.
  invoice('C-006', -3, '2750.00');
  history(invoice('C-009', -10, '15900.00'), 'standard', upToOverdue);
  history(invoice('C-002', -10, '48000.00'), 'top', upToOverdue); // top account: D+10 waits for approval
  history(invoice('C-011', -20, '96000.00'), 'top', [...upToOverdue, ['escalation', 'escalation', 10]]); // strategic: final notice waits for approval
  history(invoice('C-004', -20, '6300.00'), 'at_risk', [
    ['early_notice', 'upcoming', -10], ['upcoming', 'upcoming', -3], ['overdue', 'overdue', 1], ['overdue_followup', 'overdue', 5],
    ['escalation', 'escalation', 10],
  ]);
  invoice('C-008', -45, '1250.500');
  invoice('C-012', -95, '3100.00', { po_number: '' }); // incomplete: no PO
  // Disputed: one past the 48-hour SLA, one new today.
  const late = invoice('C-001', -12, '22000.00');
  rows.disputes.push({ invoice_external_id: late.external, opened_date: addDaysToDate(today, -3), reason: 'Missing PO on invoice', status: 'to_clarify' });
  const fresh = invoice('C-010', -2, '5400.00');
  rows.disputes.push({ invoice_external_id: fresh.external, opened_date: today, reason: 'Quality issue: second delivery incomplete', status: 'awaiting_client' });
  const closed = invoice('C-005', -40, '2200.00');
  rows.disputes.push({ invoice_external_id: closed.external, opened_date: addDaysToDate(today, -30), reason: 'Wrong amount', status: 'credit_note_issued', closed_date: addDaysToDate(today, -25) });
  rows.credit_notes.push({ external_id: 'CN-1', number: 'CN-2001', invoice_external_id: closed.external, issued_date: addDaysToDate(today, -25), currency: 'EUR', amount: '2200.00', reason: 'Wrong amount billed' });
  // Partly paid.
  const partly = invoice('C-003', -5, '10000.00');
  pay('C-003', addDaysToDate(today, -1), '4000.00', partly.id, 'partial');
  // Promised.
  const promised = invoice('C-006', -4, '7200.00');
  promises.push({ invoice_external_id: promised.external, promised_date: addDaysToDate(today, 5), amount_minor: 720000n, note: 'Paying after their month-end run', created_by: `ben.osei@${domain}` });
  // Paid on time, and a payment nobody can match.
  const onTime = invoice('C-011', -1, '18000.00');
  pay('C-011', addDaysToDate(today, -2), '18000.00', '', `Cyberdyne ${onTime.id}`);
  pay('C-009', addDaysToDate(today, -1), '999.99', '', 'wire 2231');
  // In a payment plan agreed 35 days ago: three monthly instalments of 3,000.00, the first (5 days ago) paid.
  const planned = invoice('C-013', -40, '9000.00');
  history(planned, 'standard', upToOverdue);
  plans.push({
    customer_external_id: 'C-013', invoice_external_ids: [planned.external], status: 'active', created_on: addDaysToDate(today, -35),
    created_by: `ana.martin@${domain}`, approved_by: `dan.kim@${domain}`,
    instalments: [-5, 25, 55].map((d) => ({ dueDate: addDaysToDate(today, d), amountMinor: 300000n })),
  });
  pay('C-013', addDaysToDate(today, -6), '3000.00', planned.id, 'Instalment 1');
  // Asked yesterday on the portal for three monthly payments: waits on its approval card.
  const asked = invoice('C-014', -15, '7500.00');
  plans.push({
    customer_external_id: 'C-014', invoice_external_ids: [asked.external], status: 'requested', created_on: addDaysToDate(today, -1),
    created_by: 'customer:ap@librairie-soleil.example', approved_by: null,
    instalments: [10, 40, 70].map((d) => ({ dueDate: addDaysToDate(today, d), amountMinor: 250000n })),
  });
  return { rows, promises, sent, plans };
}
