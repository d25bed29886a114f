import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { rowRandom, type Random } from './prng.js';

// Writes a realistic ledger as the CSV files an ERP export would give, streaming, row by row.
// Every row is a pure function of (seed, kind, index), so the files are the same on every run.

export interface LedgerCounts {
  readonly owners: number;
  readonly customers: number;
  readonly invoices: number;
  readonly payments: number;
  readonly disputes: number;
}

export type LedgerFiles = Record<keyof LedgerCounts, string>;

export const fullScale: LedgerCounts = { owners: 10, customers: 100_000, invoices: 1_000_000, payments: 800_000, disputes: 20_000 };

/** Row counts times `scale` (owners stay 10); BENCH_SCALE=0.01 makes a quick run. */
export function scaledCounts(scale: number): LedgerCounts {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  return { owners: fullScale.owners, customers: n(fullScale.customers), invoices: n(fullScale.invoices), payments: n(fullScale.payments), disputes: n(fullScale.disputes) };
}

const stream = { owners: 1, customers: 2, invoices: 3, payments: 4, disputes: 5 } as const;

// ---------------------------------------------------------------------------------------------- dates, amounts

const DAY0 = Date.UTC(2022, 0, 1);
const SPAN_DAYS = 1096; // invoices are issued from 2022-01-01 to 2024-12-31
const days: string[] = [];
const day = (n: number): string => (days[n] ??= new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10));

const amount = (minor: number, currency: string): string =>
  currency === 'JPY' ? String(minor) : `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---------------------------------------------------------------------------------------------- owners

const ownerTeams = ['sales', 'sales', 'sales', 'sales', 'sales', 'delivery', 'delivery', 'delivery', 'finance', 'finance'] as const;
const ownerEmail = (k: number) => `owner${k + 1}@arbot-bench.example.com`;
const salesOwners = [0, 1, 2, 3, 4];
const deliveryOwners = [5, 6, 7];

// ---------------------------------------------------------------------------------------------- customers

const zones = [
  { zone: 'Europe/Paris', currency: 'EUR', locale: 'fr', weight: 35 },
  { zone: 'Europe/Berlin', currency: 'EUR', locale: 'de', weight: 25 },
  { zone: 'America/New_York', currency: 'USD', locale: 'en-US', weight: 20 },
  { zone: 'America/Los_Angeles', currency: 'USD', locale: 'en-US', weight: 10 },
  { zone: 'Asia/Tokyo', currency: 'JPY', locale: 'ja', weight: 5 },
  { zone: '', currency: 'EUR', locale: '', weight: 5 }, // no zone: the company's default applies
] as const;
const words = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Hooli', 'Vandelay', 'Soylent', 'Wonka'];
const trades = ['Logistics', 'Foods', 'Software', 'Consulting', 'Industries', 'Retail', 'Energy', 'Media'];
const forms = ['GmbH', 'SAS', 'Inc.', 'Ltd', 'K.K.', 'BV', ', Inc.', '& Co, LLC'];

interface Customer {
  readonly externalId: string;
  readonly name: string;
  readonly zone: string;
  readonly currency: string;
  readonly locale: string;
}

/** The biggest 1% of customers are "top" and receive a fifth of all invoices (about 200 each at full scale). */
const topCount = (counts: LedgerCounts) => Math.max(1, Math.round(counts.customers * 0.01));

function customer(seed: number, i: number): Customer {
  const r = rowRandom(seed, stream.customers, i);
  let w = r.int(0, 99);
  const z = zones.find((x) => (w -= x.weight) < 0) ?? zones[0];
  return {
    externalId: `CUS-${pad(i + 1, 6)}`,
    name: `${r.pick(words)} ${r.pick(trades)} ${i + 1} ${r.pick(forms)}`.replace(' ,', ','),
    zone: z.zone,
    currency: z.currency,
    locale: z.locale,
  };
}

function customerRow(seed: number, i: number, counts: LedgerCounts): string[] {
  const c = customer(seed, i);
  const r = rowRandom(seed, stream.customers + 100, i);
  const domain = `c${i + 1}.example.com`;
  const segment = i < topCount(counts) ? 'top' : r.chance(0.08) ? 'at_risk' : r.chance(0.5) ? 'standard' : '';
  return [
    c.externalId, c.name, segment, segment === 'top' && r.chance(0.3) ? 'true' : '', c.zone,
    r.chance(0.2) ? `ap@${domain};finance@${domain}` : `ap@${domain}`,
    r.chance(0.3) ? `cfo@${domain}` : '',
    ownerEmail(salesOwners[i % salesOwners.length]!),
    r.chance(0.5) ? ownerEmail(deliveryOwners[i % deliveryOwners.length]!) : '',
    c.locale,
  ];
}

// ---------------------------------------------------------------------------------------------- invoices

interface Invoice {
  readonly externalId: string;
  readonly number: string;
  readonly customer: Customer;
  readonly issueDay: number;
  readonly dueDay: number;
  readonly currency: string;
  readonly minor: number;
}

function invoice(seed: number, j: number, counts: LedgerCounts): Invoice {
  const r = rowRandom(seed, stream.invoices, j);
  const c = customer(seed, r.chance(0.2) ? r.int(0, topCount(counts) - 1) : r.int(0, counts.customers - 1));
  // Exports list invoices in date order; ~900 a day at full scale.
  const issueDay = Math.floor((j * SPAN_DAYS) / counts.invoices);
  const terms = r.pick([30, 30, 30, 30, 30, 30, 14, 45, 45, 60]);
  const currency = r.chance(0.03) ? (c.currency === 'EUR' ? 'USD' : 'EUR') : c.currency;
  // Log-uniform amounts: many small invoices, few large; a third are round sums (so equal amounts happen).
  const major = Math.exp(Math.log(50) + r.next() * (Math.log(20_000) - Math.log(50)));
  const minor = currency === 'JPY'
    ? Math.max(100, Math.round((major * 150) / 100) * 100)
    : r.chance(0.33) ? Math.round(major) * 100 : Math.round(major * 100);
  return {
    externalId: `ERP-I-${pad(j + 1, 7)}`,
    number: `INV-${day(issueDay).slice(0, 4)}-${pad(j + 1, 7)}`,
    customer: c, issueDay, dueDay: issueDay + terms, currency, minor,
  };
}

/** Column order of invoices.csv; the bare COPY table mirrors it. */
export const invoiceColumns = ['external_id', 'number', 'customer_external_id', 'issue_date', 'due_date', 'currency', 'amount',
  'po_number', 'client_reference', 'proof_url', 'pay_url'] as const;

function invoiceRow(seed: number, j: number, counts: LedgerCounts): string[] {
  const inv = invoice(seed, j, counts);
  const r = rowRandom(seed, stream.invoices + 100, j);
  return [
    inv.externalId, inv.number, inv.customer.externalId, day(inv.issueDay), day(inv.dueDay), inv.currency,
    amount(inv.minor, inv.currency),
    r.chance(0.4) ? `PO-${r.int(10_000, 99_999)}` : '',
    r.chance(0.2) ? `Project ${r.pick(words)}, phase ${r.int(1, 4)}` : '',
    r.chance(0.1) ? `https://erp.example.com/invoices/${inv.externalId}.pdf` : '',
    r.chance(0.5) ? `https://pay.example.com/i/${inv.externalId}` : '',
  ];
}

// ---------------------------------------------------------------------------------------------- payments

const referenceTemplates: readonly ((n: string) => string)[] = [
  (n) => `Virement facture ${n}`,
  (n) => `${n} / thank you`,
  (n) => `Pay ${n}, ref. ${n.slice(-4)}`,
  (n) => `Rechnung ${n} Zahlung`,
];

/**
 * Payment `p` pays invoice p × invoices / payments: distinct invoices in date order, and one invoice in five
 * stays open. 70% name the invoice number, 15% write it only in the reference, 10% give neither but the
 * exact amount, 5% are short by a bank fee (left unmatched). One in eight named payments is partial.
 */
function paymentRow(seed: number, p: number, counts: LedgerCounts): string[] {
  const inv = invoice(seed, Math.floor((p * counts.invoices) / counts.payments), counts);
  const r = rowRandom(seed, stream.payments, p);
  const how = r.next();
  const bankRef = () => `SEPA CT ${r.int(10_000_000, 99_999_999)}`;
  const partial = () => (r.chance(0.12) ? Math.max(1, Math.round(inv.minor * (0.3 + 0.4 * r.next()))) : inv.minor);
  let minor = inv.minor;
  let invoiceNumber = '';
  let reference = '';
  if (how < 0.7) {
    invoiceNumber = inv.number;
    reference = r.chance(0.5) ? `${inv.number} ${inv.customer.name}` : bankRef();
    minor = partial();
  } else if (how < 0.85) {
    reference = r.pick(referenceTemplates)(inv.number);
    minor = partial();
  } else if (how < 0.95) {
    reference = r.chance(0.5) ? bankRef() : '';
  } else {
    reference = bankRef();
    const fee = inv.currency === 'JPY' ? 500 : 1500;
    minor = inv.minor > fee ? inv.minor - fee : Math.max(1, Math.floor(inv.minor / 2));
  }
  return [
    `PAY-${pad(p + 1, 7)}`, inv.customer.externalId, day(Math.max(inv.issueDay, inv.dueDay + r.int(-15, 45))),
    inv.currency, amount(minor, inv.currency), reference, invoiceNumber,
  ];
}

// ---------------------------------------------------------------------------------------------- disputes

const disputeReasons = ['Wrong quantity', 'Price differs from PO, see email', 'Goods not received', 'Duplicate invoice', ''];

/** 60% closed (resolved, with closed_date), the rest open; 30% without an id of their own. */
function disputeRow(seed: number, d: number, counts: LedgerCounts): string[] {
  const inv = invoice(seed, Math.floor(((d + 0.5) * counts.invoices) / counts.disputes), counts);
  const r = rowRandom(seed, stream.disputes, d);
  const opened = inv.issueDay + r.int(10, 50);
  const closed = r.chance(0.6);
  return [
    r.chance(0.7) ? `DSP-${pad(d + 1, 6)}` : '', inv.externalId, day(opened), r.pick(disputeReasons),
    closed ? 'resolved' : r.pick(['to_clarify', 'awaiting_client', '']),
    closed ? day(opened + r.int(2, 60)) : '',
  ];
}

// ---------------------------------------------------------------------------------------------- files

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Buffers rows into ~64 KB writes and waits for the disk when the stream asks it to. */
async function writeCsv(file: string, header: readonly string[], count: number, row: (i: number) => string[], signal?: AbortSignal): Promise<void> {
  const out: WriteStream = createWriteStream(file);
  let buf = `${header.join(',')}\n`;
  const flush = async () => {
    signal?.throwIfAborted();
    const ok = out.write(buf);
    buf = '';
    if (!ok) await once(out, 'drain');
  };
  try {
    for (let i = 0; i < count; i++) {
      buf += `${row(i).map(csvCell).join(',')}\n`;
      if (buf.length >= 65_536) await flush();
    }
    await flush();
  } finally {
    out.end();
    await finished(out);
  }
}

/** Writes owners.csv, customers.csv, invoices.csv, payments.csv and disputes.csv into `dir`. */
export async function writeLedgerCsv(dir: string, counts: LedgerCounts, opts: { seed?: number; signal?: AbortSignal } = {}): Promise<LedgerFiles> {
  const seed = opts.seed ?? 20240601;
  const files: LedgerFiles = {
    owners: join(dir, 'owners.csv'), customers: join(dir, 'customers.csv'), invoices: join(dir, 'invoices.csv'),
    payments: join(dir, 'payments.csv'), disputes: join(dir, 'disputes.csv'),
  };
  const s = opts.signal;
  await writeCsv(files.owners, ['email', 'name', 'team', 'approver', 'slack_user_id', 'slack_channel_id'], counts.owners,
    (k) => [ownerEmail(k), `Owner ${k + 1}`, ownerTeams[k % ownerTeams.length]!, ownerTeams[k % ownerTeams.length] === 'finance' ? 'true' : '', '', ''], s);
  await writeCsv(files.customers, ['external_id', 'name', 'segment', 'strategic', 'timezone', 'billing_email', 'escalation_email',
    'sales_owner_email', 'delivery_owner_email', 'locale'], counts.customers, (i) => customerRow(seed, i, counts), s);
  await writeCsv(files.invoices, invoiceColumns, counts.invoices, (j) => invoiceRow(seed, j, counts), s);
  await writeCsv(files.payments, ['external_id', 'customer_external_id', 'received_date', 'currency', 'amount', 'reference',
    'invoice_number'], counts.payments, (p) => paymentRow(seed, p, counts), s);
  await writeCsv(files.disputes, ['external_id', 'invoice_external_id', 'opened_date', 'reason', 'status', 'closed_date'],
    counts.disputes, (d) => disputeRow(seed, d, counts), s);
  return files;
}
