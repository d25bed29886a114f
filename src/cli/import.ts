import { existsSync } from 'node:fs';
import { readCsv } from '../../adapters/csv/read-csv.js';
import { postgresImportStore } from '../../adapters/postgres/ledger-import-store.js';
import type { Config } from '../config.js';
import { formatAmount } from '../domain/money.js';
import { dateInZone } from '../domain/calendar-date.js';
import { knownColumns, requiredColumns, type LedgerKind } from '../domain/import/ledger-rows.js';
import type { Database } from '../../adapters/postgres/connect.js';
import { importLedger, isClean, type ImportReport, type ImportSource } from '../services/import-ledger.js';
import { toJson } from '../json-output.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';

const flags: Record<string, LedgerKind> = {
  owners: 'owners', customers: 'customers', invoices: 'invoices', payments: 'payments',
  'credit-notes': 'credit_notes', disputes: 'disputes',
};

export interface ImportCommandDeps {
  readonly config: Config;
  readonly open: () => Promise<Database>;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  /** The clock "today" is read from (a payment received after it is refused); the real one unless given. */
  readonly now?: () => Date;
  /** Where the named files are (a server runs this for a CLI elsewhere); by default the process's own. */
  readonly cwd?: string;
}

export async function importCommand(args: string[], { config, open, out, err, now = () => new Date(), cwd }: ImportCommandDeps): Promise<number> {
  const { values } = parseFlags('import', args, {
    ...Object.fromEntries(Object.keys(flags).map((f) => [f, { type: 'string' as const }])),
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  }) as { values: Record<string, string | boolean | undefined> };
  const sources: ImportSource[] = [];
  for (const [flag, kind] of Object.entries(flags)) {
    const file = values[flag];
    if (typeof file !== 'string') continue;
    // Opened from `cwd` but named as given, so messages and the report read the same wherever it runs.
    const path = resolve(cwd ?? process.cwd(), file);
    if (!existsSync(path)) throw new UsageError(`--${flag} ${file}: no such file`);
    sources.push({
      kind,
      name: file,
      items: (async function* () {
        for await (const item of readCsv(path, { required: requiredColumns[kind], known: knownColumns[kind] })) {
          yield 'error' in item ? { pos: item.line, error: item.error } : { pos: item.line, cells: item.cells };
        }
      })(),
    });
  }
  if (sources.length === 0) throw new UsageError('name at least one file, e.g. arbot import --invoices invoices.csv');

  const db = await open();
  let report: ImportReport;
  try {
    report = await importLedger(postgresImportStore(db.sql), sources, {
      actor: `cli:${userInfo().username}`, via: 'csv', defaultTimezone: config.COMPANY_TIMEZONE,
      today: { date: dateInZone(now(), config.COMPANY_TIMEZONE), zone: config.COMPANY_TIMEZONE },
      dryRun: values['dry-run'] === true,
      // Every rejected row goes to stderr as it is found, as file:line: column: reason.
      onReject: (s, e) => err.write(`${s.name}:${e.pos}: ${e.column}: ${e.reason}\n`),
    });
  } finally {
    await db.close();
  }
  for (const s of report.sources) if (s.fatal) err.write(`${s.fatal}\n`);
  out.write(values.json ? `${toJson(report)}\n` : renderSummary(report));
  return isClean(report) ? exitCodes.ok : exitCodes.rejected;
}

function renderSummary(report: ImportReport): string {
  const lines = report.sources.map((s) => {
    const counts = `${s.rows} rows: ${s.inserted} inserted, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`;
    const unmatched = s.kind === 'payments' || s.unmatched_payments > 0 ? `, ${s.unmatched_payments} unmatched` : '';
    const released = s.released_allocations > 0 ? `, ${s.released_allocations} allocations released` : '';
    return `${s.kind.padEnd(12)} ${s.name}: ${counts}${unmatched}${released}${s.fatal ? ' (stopped early, see above)' : ''}`;
  });
  for (const s of report.sources) {
    for (const x of s.released) {
      lines.push(`  released ${formatAmount(x.released_minor, x.currency)} ${x.currency} of payment ${x.payment_external_id} ` +
        `from invoice ${x.invoice_number} (${x.invoice_external_id}), ${s.name}:${x.pos}: ${x.reason}`);
    }
    if (s.released_allocations > s.released.length) lines.push(`  … and ${s.released_allocations - s.released.length} more released allocations`);
    for (const u of s.unmatched) {
      lines.push(`  unmatched payment ${u.external_id} (${u.customer_external_id}) ${formatAmount(u.unallocated_minor, u.currency)} ${u.currency}: ${u.reason}`);
    }
    if (s.unmatched_payments > s.unmatched.length) lines.push(`  … and ${s.unmatched_payments - s.unmatched.length} more unmatched payments`);
  }
  if (report.dry_run) lines.push('dry run: nothing was written');
  return `${lines.join('\n')}\n`;
}
