import { parseAmount } from '../../src/domain/money.js';
import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import type { TestLedger } from './kpi-ledger.js';

// Small ledgers whose KPIs were computed by hand (the working is in the comments), shared by the domain and
// the Postgres tests. Customer C1 (segment top, owner Ana) holds everything unless said otherwise.

const minor = (amount: string, currency: string) => {
  const p = parseAmount(amount, currency);
  if (!p.ok) throw new Error(p.reason);
  return p.minor;
};

type Inv = [key: string, currency: string, issue: string, due: string, amount: string];
type Pay = [key: string, invoice: string, received: string, amount: string];

export function ledger(spec: { invoices: Inv[]; payments?: Pay[]; creditNotes?: Pay[]; disputes?: [key: string, invoice: string, openedAt: string, closedAt: string | null][] }): TestLedger {
  const cur = (invoice: string) => spec.invoices.find((i) => i[0] === invoice)![1];
  return {
    customers: [{ key: 'C1', segment: 'top', owner: 'Ana' }],
    invoices: spec.invoices.map(([key, currency, issue, due, amount]) => ({ key, customer: 'C1', currency, issue, due, amount: minor(amount, currency) })),
    payments: (spec.payments ?? []).map(([key, invoice, received, amount]) => ({
      key, customer: 'C1', currency: cur(invoice), received, allocations: [{ invoice, amount: minor(amount, cur(invoice)) }],
    })),
    creditNotes: (spec.creditNotes ?? []).map(([key, invoice, issued, amount]) => ({ key, invoice, issued, amount: minor(amount, cur(invoice)) })),
    disputes: (spec.disputes ?? []).map(([key, invoice, openedAt, closedAt]) => ({ key, invoice, openedAt, closedAt })),
  };
}

const none = { disputed_count: 0, disputed_amount: '0.00', avg_dispute_age_days: null, in_payment_plan_amount: '0.00', promised_amount: '0.00' } as const;

// A. D = 2026-03-31, USD. D − 90 = 2025-12-31; M = 2025-12-31.
// I1 1000.00 issued Jan 10, due Feb 9, paid on its due date → paid in the window, 30 days, 0 late, on time.
// I2 500.00 issued Feb 1, due Mar 3, paid 200 (Feb 20) + 100 (Mar 15) → 200.00 left, 28 days past due (1_30).
// I3 300.00 issued Mar 1, due Mar 31 (= D: not overdue), paid Apr 2 (after D: ignored) → 300.00 current.
// I4 400.00 issued Mar 20, due Apr 19 → current. I5 250.00 issued 2025-11-15, due Dec 15, unpaid → 106 days (91+).
// open_ar 1150.00 (4), overdue 450.00 (2); shares 2/4 = 0.5 and 450/1150 = 0.3913.
// sales(D−90, D] = I1+I2+I3+I4 = 2200.00: dso 1150/2200×90 = 47.045 → 47.05; best 700/2200×90 = 28.64; add 450/2200×90 = 18.41.
// countback: March (31 d) sales 700 → left 450, 31 d; February (28 d) sales 500 > 450 → 28 × 450/500 = 25.2 → 56.2.
// cei: open_ar(M) = I5 250; (250 + 2200 − 1150) / (250 + 2200 − 700) = 1300/1750 → 74.29.
export const paidOnDueDate = {
  name: 'payment on the due date, partial payments, a payment after D ignored',
  asOf: '2026-03-31',
  zone: 'UTC',
  ledger: ledger({
    invoices: [
      ['I1', 'USD', '2026-01-10', '2026-02-09', '1000.00'], ['I2', 'USD', '2026-02-01', '2026-03-03', '500.00'],
      ['I3', 'USD', '2026-03-01', '2026-03-31', '300.00'], ['I4', 'USD', '2026-03-20', '2026-04-19', '400.00'],
      ['I5', 'USD', '2025-11-15', '2025-12-15', '250.00'],
    ],
    payments: [['P1', 'I1', '2026-02-09', '1000.00'], ['P2', 'I2', '2026-02-20', '200.00'], ['P3', 'I2', '2026-03-15', '100.00'], ['P4', 'I3', '2026-04-02', '300.00']],
  }),
  expected: [{
    currency: 'USD', open_ar: '1150.00', open_count: 4, overdue_count: 2, overdue_amount: '450.00',
    overdue_share_count: 0.5, overdue_share_amount: 0.3913,
    aging: { current: '700.00', '1_30': '200.00', '31_60': '0.00', '61_90': '0.00', '91_plus': '250.00' },
    ...none, dso_90d: 47.05, best_possible_dso: 28.64, add: 18.41, dso_countback: 56.2, cei: 74.29,
    avg_days_to_pay: 30, avg_days_late: 0, on_time_share: 1,
  }] satisfies CurrencyKpis[],
};

// B. D = 2026-06-15, EUR, company zone America/New_York (disputes are dated there). D − 90 = 2026-03-17; M = 2026-03-15.
// J1 800.00 issued May 1, due May 31; credit note 300.00 (May 20), payment 500.00 (Jun 10) brings it to zero → paid
//    Jun 10: 40 days to pay, 10 late.
// J2 600.00 issued May 10, due Jun 9 → 6 days past due (1_30). Dispute opened May 25, closed Jun 5 (before D: not
//    open); another opened 2026-06-11T03:30Z = Jun 10, 23:30 in New York → open, 5 days old.
// J3 1000.00 issued Jun 1, credited in full Jun 12 → settled by a credit note: neither open nor paid; its open
//    dispute does not count (the invoice is not open).
// J4 200.00 issued Jun 5, due Jun 15 (= D: current); two open disputes opened Jun 14 (one at 02:00Z Jun 15, still
//    Jun 14 in New York) → 1 day old each.
// open_ar 800.00 (2); overdue 600.00 (1); disputed 2 invoices, 800.00, age (5 + 1 + 1) / 3 = 2.33.
// sales = 800 + 600 + 1000 + 200 = 2600: dso 800/2600×90 = 27.69; best 6.92; add 20.77.
// countback: June so far (15 d) sales 1200 > 800 → 15 × 800/1200 = 10. cei: (0 + 2600 − 800) / (2600 − 200) → 75.
export const creditNoteAndDisputes = {
  name: 'a credit note, a dispute closed before D, dispute dates in the company zone',
  asOf: '2026-06-15',
  zone: 'America/New_York',
  ledger: ledger({
    invoices: [
      ['J1', 'EUR', '2026-05-01', '2026-05-31', '800.00'], ['J2', 'EUR', '2026-05-10', '2026-06-09', '600.00'],
      ['J3', 'EUR', '2026-06-01', '2026-07-01', '1000.00'], ['J4', 'EUR', '2026-06-05', '2026-06-15', '200.00'],
    ],
    payments: [['P1', 'J1', '2026-06-10', '500.00']],
    creditNotes: [['N1', 'J1', '2026-05-20', '300.00'], ['N2', 'J3', '2026-06-12', '1000.00']],
    disputes: [
      ['D1', 'J2', '2026-05-25T15:00:00Z', '2026-06-05T12:00:00Z'], ['D2', 'J2', '2026-06-11T03:30:00Z', null],
      ['D3', 'J3', '2026-06-02T10:00:00Z', null], ['D4', 'J4', '2026-06-14T10:00:00Z', null], ['D5', 'J4', '2026-06-15T02:00:00Z', null],
    ],
  }),
  expected: [{
    currency: 'EUR', open_ar: '800.00', open_count: 2, overdue_count: 1, overdue_amount: '600.00',
    overdue_share_count: 0.5, overdue_share_amount: 0.75,
    aging: { current: '200.00', '1_30': '600.00', '31_60': '0.00', '61_90': '0.00', '91_plus': '0.00' },
    disputed_count: 2, disputed_amount: '800.00', avg_dispute_age_days: 2.33,
    dso_90d: 27.69, best_possible_dso: 6.92, add: 20.77, dso_countback: 10, cei: 75,
    avg_days_to_pay: 40, avg_days_late: 10, on_time_share: 0, in_payment_plan_amount: '0.00', promised_amount: '0.00',
  }] satisfies CurrencyKpis[],
};

// C. Ledger A plus yen, D = 2026-03-31: USD is unchanged, yen is on its own and has no decimals.
// K1 50000 JPY issued Mar 10, due Apr 9, 10000 paid Mar 20 → 40000 current. K2 120000 issued Jan 5, due Feb 4, paid
// Feb 14 → 40 days to pay, 10 late. sales 170000: dso = best = 40000/170000×90 = 21.18, add 0.
// countback: March sales 50000 > 40000 → 31 × 40000/50000 = 24.8. cei: (0 + 170000 − 40000)/(170000 − 40000) → 100.
export const twoCurrencies = {
  name: 'two currencies, never added together',
  asOf: '2026-03-31',
  zone: 'UTC',
  ledger: ((): TestLedger => {
    const usd = paidOnDueDate.ledger;
    const jpy = ledger({
      invoices: [['K1', 'JPY', '2026-03-10', '2026-04-09', '50000'], ['K2', 'JPY', '2026-01-05', '2026-02-04', '120000']],
      payments: [['Q1', 'K1', '2026-03-20', '10000'], ['Q2', 'K2', '2026-02-14', '120000']],
    });
    return { ...usd, invoices: [...usd.invoices, ...jpy.invoices], payments: [...usd.payments, ...jpy.payments] };
  })(),
  expected: [{
    currency: 'JPY', open_ar: '40000', open_count: 1, overdue_count: 0, overdue_amount: '0',
    overdue_share_count: 0, overdue_share_amount: 0,
    aging: { current: '40000', '1_30': '0', '31_60': '0', '61_90': '0', '91_plus': '0' },
    disputed_count: 0, disputed_amount: '0', avg_dispute_age_days: null,
    dso_90d: 21.18, best_possible_dso: 21.18, add: 0, dso_countback: 24.8, cei: 100,
    avg_days_to_pay: 40, avg_days_late: 10, on_time_share: 0, in_payment_plan_amount: '0', promised_amount: '0',
  }, ...paidOnDueDate.expected] satisfies CurrencyKpis[],
};

// D. One 500.00 invoice issued 2026-03-01, due Mar 31, never paid. At D = 2026-09-30: no sales in (Jul 2, Sep 30]
// → dso, best and add null; 183 days past due (91+). countback walks Sep, Aug, Jul, Jun, May, Apr without sales
// (30 + 31 + 31 + 30 + 31 + 30 = 183) then March's 500 uses up the 500 left: 183 + 31 = 214.
// cei: M = Jun 30, open_ar(M) 500, no sales: (500 − 500) / (500 − 0) → 0. Nothing paid: averages null.
const lonely = ledger({ invoices: [['L1', 'USD', '2026-03-01', '2026-03-31', '500.00']] });
const lonelyOpen = {
  currency: 'USD', open_ar: '500.00', open_count: 1, overdue_count: 1, overdue_amount: '500.00',
  overdue_share_count: 1, overdue_share_amount: 1,
  aging: { current: '0.00', '1_30': '0.00', '31_60': '0.00', '61_90': '0.00', '91_plus': '500.00' },
  ...none, dso_90d: null, best_possible_dso: null, add: null, cei: 0,
  avg_days_to_pay: null, avg_days_late: null, on_time_share: null,
} as const;
export const noRecentSales = {
  name: 'a period without sales: DSO is null, countback walks back to the sale',
  asOf: '2026-09-30',
  zone: 'UTC',
  ledger: lonely,
  expected: [{ ...lonelyOpen, dso_countback: 214 }] satisfies CurrencyKpis[],
};
// … and at D = 2028-06-30 there were no sales at all in the 24 months before: countback is null too.
export const noSalesIn24Months = {
  name: 'no sales in the 24 months before D: countback is null',
  asOf: '2028-06-30',
  zone: 'UTC',
  ledger: lonely,
  expected: [{ ...lonelyOpen, dso_countback: null }] satisfies CurrencyKpis[],
};

// E. D = 2026-04-15, USD, nothing issued in March. L1 600.00 issued Feb 10, due Mar 12 → 34 days past due (31_60).
// L2 300.00 issued Apr 5, due May 5 → current. L3 400.00 issued Feb 20, due Mar 22, paid Mar 22 → 30 days, on time.
// countback: April so far (15 d) 300 → left 600, 15 d; March (31 d) no sales → 46 d; February (28 d) sales 1000 >
// 600 → 28 × 600/1000 = 16.8 → 62.8. sales(Jan 15, Apr 15] = 1300: dso 900/1300×90 = 62.31; best 20.77; add 41.54.
// cei: M = Jan 15, nothing open then: (1300 − 900) / (1300 − 300) → 40.
export const countbackOverEmptyMonth = {
  name: 'countback across a month with no sales',
  asOf: '2026-04-15',
  zone: 'UTC',
  ledger: ledger({
    invoices: [['L1', 'USD', '2026-02-10', '2026-03-12', '600.00'], ['L2', 'USD', '2026-04-05', '2026-05-05', '300.00'], ['L3', 'USD', '2026-02-20', '2026-03-22', '400.00']],
    payments: [['P1', 'L3', '2026-03-22', '400.00']],
  }),
  expected: [{
    currency: 'USD', open_ar: '900.00', open_count: 2, overdue_count: 1, overdue_amount: '600.00',
    overdue_share_count: 0.5, overdue_share_amount: 0.6667,
    aging: { current: '300.00', '1_30': '0.00', '31_60': '600.00', '61_90': '0.00', '91_plus': '0.00' },
    ...none, dso_90d: 62.31, best_possible_dso: 20.77, add: 41.54, dso_countback: 62.8, cei: 40,
    avg_days_to_pay: 30, avg_days_late: 0, on_time_share: 1,
  }] satisfies CurrencyKpis[],
};

// F. D = 2026-05-31 → M = 2026-02-28 (May 31 minus 3 months, clamped; not "Feb 31" = Mar 3).
// N1 1000.00 issued Feb 28 (≤ M: in open_ar(M)), due Mar 30, paid Apr 15 → 46 days, 16 late.
// N2 500.00 issued Mar 2 (after M: a sale of the window), due Apr 1, 100.00 paid Mar 2 → 400.00 left, 60 days (31_60).
// N3 700.00 issued May 10, due Jun 9 → current. N4 200.00 issued Feb 10, paid Feb 25 → not open at M.
// open_ar(M) = 1000, sales(M, D] = 500 + 700 = 1200, open_ar(D) = 1100, overdue 400:
// cei = (1000 + 1200 − 1100) / (1000 + 1200 − 700) = 1100/1500 → 73.33 (with M = Mar 3 it would be 71.43).
// sales(D − 90 = Mar 2, D] = 700 (N2 on Mar 2 is not after it): dso 1100/700×90 = 141.43; best 90; add 51.43.
// countback: May 700 → left 400, 31 d; April no sales → 61 d; March 500 > 400 → 31 × 400/500 = 24.8 → 85.8.
export const ceiMonthEnd = {
  name: 'CEI across a month end: D = May 31 starts the window at M = Feb 28',
  asOf: '2026-05-31',
  zone: 'UTC',
  ledger: ledger({
    invoices: [
      ['N1', 'USD', '2026-02-28', '2026-03-30', '1000.00'], ['N2', 'USD', '2026-03-02', '2026-04-01', '500.00'],
      ['N3', 'USD', '2026-05-10', '2026-06-09', '700.00'], ['N4', 'USD', '2026-02-10', '2026-03-12', '200.00'],
    ],
    payments: [['P1', 'N1', '2026-04-15', '1000.00'], ['P2', 'N2', '2026-03-02', '100.00'], ['P3', 'N4', '2026-02-25', '200.00']],
  }),
  expected: [{
    currency: 'USD', open_ar: '1100.00', open_count: 2, overdue_count: 1, overdue_amount: '400.00',
    overdue_share_count: 0.5, overdue_share_amount: 0.3636,
    aging: { current: '700.00', '1_30': '0.00', '31_60': '400.00', '61_90': '0.00', '91_plus': '0.00' },
    ...none, dso_90d: 141.43, best_possible_dso: 90, add: 51.43, dso_countback: 85.8, cei: 73.33,
    avg_days_to_pay: 46, avg_days_late: 16, on_time_share: 0,
  }] satisfies CurrencyKpis[],
};

export const kpiScenarios = [paidOnDueDate, creditNoteAndDisputes, twoCurrencies, noRecentSales, noSalesIn24Months, countbackOverEmptyMonth, ceiMonthEnd];
