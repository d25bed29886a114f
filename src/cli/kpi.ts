import type { Database } from '../../adapters/postgres/connect.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { toJson } from '../json-output.js';
import type { Config } from '../config.js';
import type { CurrencyKpis } from '../domain/kpi/currency-kpis.js';
import { parseKpiRequest } from '../domain/kpi/kpi-request.js';
import { computeKpis, type KpiReport } from '../services/compute-kpis.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';

export interface KpiCommandDeps {
  readonly config: Config;
  readonly open: () => Promise<Database>;
  readonly out: NodeJS.WritableStream;
  /** The clock for the default --as-of (today in COMPANY_TIMEZONE); tests fix it. */
  readonly now: () => Date;
}

const flagOf: Record<string, string> = { as_of: '--as-of', currency: '--currency', segment: '--segment' };

/** `arbot kpi [--as-of YYYY-MM-DD] [--currency XXX] [--segment S] [--json]`: KPIs per currency, as a table or JSON. */
export async function kpiCommand(args: string[], { config, open, out, now }: KpiCommandDeps): Promise<number> {
  const { values } = parseFlags('kpi', args, {
    'as-of': { type: 'string' }, currency: { type: 'string' }, segment: { type: 'string' }, json: { type: 'boolean' },
  }) as { values: Record<string, string | boolean | undefined> };
  const text = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);
  const parsed = parseKpiRequest({ as_of: text(values['as-of']), currency: text(values.currency), segment: text(values.segment) });
  if (!parsed.ok) throw new UsageError(`${flagOf[parsed.field] ?? parsed.field}: ${parsed.reason}`);

  const db = await open();
  let report: KpiReport;
  try {
    report = await computeKpis({ store: postgresKpiStore(db.sql, config.COMPANY_TIMEZONE), zone: config.COMPANY_TIMEZONE, now }, parsed.request);
  } finally {
    await db.close();
  }
  out.write(values.json ? `${toJson(report)}\n` : renderKpiTable(report, parsed.request.segment));
  return exitCodes.ok;
}

type Row = readonly [label: string, value: (k: CurrencyKpis) => string];

const dash = '-';
const num = (v: number | null, unit = '') => (v === null ? dash : `${v.toFixed(2)}${unit}`);
// Shares are fractions with at most 4 decimals, so as a percentage they have at most 2: no rounding here.
const pct = (v: number | null) => (v === null ? dash : `${(Math.round(v * 10_000) / 100).toFixed(2)}%`);

const rows: readonly Row[] = [
  ['open AR', (k) => k.open_ar],
  ['open invoices', (k) => String(k.open_count)],
  ['overdue amount', (k) => k.overdue_amount],
  ['overdue invoices', (k) => String(k.overdue_count)],
  ['overdue share (amount)', (k) => pct(k.overdue_share_amount)],
  ['overdue share (count)', (k) => pct(k.overdue_share_count)],
  ['aging: current', (k) => k.aging.current],
  ['aging: 1-30 days', (k) => k.aging['1_30']],
  ['aging: 31-60 days', (k) => k.aging['31_60']],
  ['aging: 61-90 days', (k) => k.aging['61_90']],
  ['aging: 91+ days', (k) => k.aging['91_plus']],
  ['disputed invoices', (k) => String(k.disputed_count)],
  ['disputed amount', (k) => k.disputed_amount],
  ['avg dispute age (days)', (k) => num(k.avg_dispute_age_days)],
  ['DSO, 90 days', (k) => num(k.dso_90d)],
  ['best possible DSO', (k) => num(k.best_possible_dso)],
  ['ADD (days delinquent)', (k) => num(k.add)],
  ['DSO, countback', (k) => num(k.dso_countback)],
  ['CEI, 3 months', (k) => num(k.cei, '%')],
  ['avg days to pay', (k) => num(k.avg_days_to_pay)],
  ['avg days late', (k) => num(k.avg_days_late)],
  ['paid on time', (k) => pct(k.on_time_share)],
];

/** One column per currency, one row per KPI; "-" where a KPI is undefined (no sales, nothing paid…). */
export function renderKpiTable(report: KpiReport, segment?: string): string {
  const title = `KPIs as of ${report.as_of}${segment ? `, segment ${segment}` : ''}`;
  if (report.currencies.length === 0) return `${title}: no invoices issued on or before that date\n`;
  const head = ['', ...report.currencies.map((c) => c.currency)];
  const body = rows.map(([label, value]) => [label, ...report.currencies.map(value)]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [title, '', line(head), ...body.map(line), '', 'amounts in each currency; DSO, ADD and ages in days; see README "KPI definitions"', ''].join('\n');
}
