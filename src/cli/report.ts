import type { Database } from '../../adapters/postgres/connect.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { postgresReportStore } from '../../adapters/postgres/report-store.js';
import type { Config } from '../config.js';
import { dateInZone } from '../domain/calendar-date.js';
import { csvLine } from '../domain/reports/csv-cell.js';
import { isReportName, parseReportRequest, reportNames } from '../domain/reports/report-request.js';
import { reportSections, type Report, type ReportSection } from '../domain/reports/report-table.js';
import { toJson } from '../json-output.js';
import { buildReport } from '../services/reports.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';

export interface ReportCommandDeps {
  readonly config: Config;
  readonly open: () => Promise<Database>;
  readonly out: NodeJS.WritableStream;
  /** The clock for the default --as-of (today in COMPANY_TIMEZONE); tests fix it. */
  readonly now: () => Date;
}

const formats = ['table', 'json', 'csv'] as const;
const flagOf = { as_of: '--as-of', month: '--month' } as const;

/** `arbot report dso|review|team|disputes|reminders [--as-of D] [--month YYYY-MM] [--format table|json|csv]`. */
export async function reportCommand(args: string[], { config, open, out, now }: ReportCommandDeps): Promise<number> {
  const { values, positionals } = parseFlags('report', args, {
    'as-of': { type: 'string' }, month: { type: 'string' }, format: { type: 'string' },
  }, true) as { values: Record<string, string | undefined>; positionals: string[] };
  const [name, extra] = positionals;
  if (name === undefined) throw new UsageError(`name a report: ${reportNames.join(', ')}`);
  if (!isReportName(name)) throw new UsageError(`unknown report ${name} (${reportNames.join(', ')})`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra} for report`);
  const format = values.format ?? 'table';
  if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format ${format}: expected table, json or csv`);
  const parsed = parseReportRequest({ as_of: values['as-of'], month: values.month }, dateInZone(now(), config.COMPANY_TIMEZONE));
  if (!parsed.ok) throw new UsageError(`${flagOf[parsed.field]}: ${parsed.reason}`);

  const db = await open();
  let report: Report;
  try {
    const zone = config.COMPANY_TIMEZONE;
    report = await buildReport({ store: postgresReportStore(db.sql, zone), kpis: postgresKpiStore(db.sql, zone), zone }, name, parsed.request);
  } finally {
    await db.close();
  }
  out.write(format === 'json' ? `${toJson(report)}\n` : format === 'csv' ? renderCsv(reportSections(report)[0]!) : renderTables(reportSections(report)));
  return exitCodes.ok;
}

/** The report's main table as CSV (RFC 4180, formula-looking cells neutralised): a header row, then the rows. */
export function renderCsv(section: ReportSection): string {
  return [section.columns, ...section.rows].map(csvLine).join('');
}

/** Each section as a title and aligned columns; "(none)" for a section without rows. */
export function renderTables(sections: readonly ReportSection[]): string {
  return sections.map((s) => {
    if (s.rows.length === 0) return `${s.title}\n(none)\n`;
    const all = [s.columns, ...s.rows];
    const widths = s.columns.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    return `${s.title}\n${all.map(line).join('\n')}\n`;
  }).join('\n');
}
