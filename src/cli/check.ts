import { parseArgs } from 'node:util';
import type { Database } from '../../adapters/postgres/connect.js';
import { postgresLedgerCheckStore } from '../../adapters/postgres/ledger-check.js';
import { toJson } from '../json-output.js';
import { checkLedger, DEFAULT_CHECK_LIMIT, type LedgerCheckReport } from '../services/check-ledger.js';
import { exitCodes, UsageError } from './usage.js';

export interface CheckCommandDeps {
  readonly open: () => Promise<Database>;
  readonly out: NodeJS.WritableStream;
}

/**
 * `arbot check [--limit N] [--json]`: every ledger invariant and derived table against a rebuild; exit 0 when clean,
 * 1 when anything is violated (each violation printed with the ids of its rows).
 */
export async function checkCommand(args: string[], { open, out }: CheckCommandDeps): Promise<number> {
  let values: { json?: boolean; limit?: string };
  try {
    ({ values } = parseArgs({ args, options: { json: { type: 'boolean' }, limit: { type: 'string' } }, strict: true }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const limit = values.limit === undefined ? DEFAULT_CHECK_LIMIT : Number(values.limit);
  if (!/^\d+$/.test(values.limit ?? '1') || !Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError(`--limit ${values.limit}: expected a whole number of violations to list per check, 1 or more`);
  }
  const db = await open();
  let report: LedgerCheckReport;
  try {
    report = await checkLedger(postgresLedgerCheckStore(db.sql), { limit });
  } finally {
    await db.close();
  }
  out.write(values.json ? `${toJson(report)}\n` : renderCheckReport(report));
  return report.ok ? exitCodes.ok : exitCodes.failed;
}

/** One line per violation (check, ids, detail), then what was checked. */
export function renderCheckReport(report: LedgerCheckReport): string {
  const checked = Object.entries(report.checked).map(([table, n]) => `${n} ${table}`).join(', ');
  if (report.ok) return `ledger check: clean (checked ${checked})\n`;
  const lines = report.violations.map(({ check, detail, ...ids }) =>
    `${check}  ${Object.entries(ids).map(([k, v]) => `${k}=${v}`).join(' ')}  ${detail}`);
  const total = report.violations.length + report.omitted;
  return [
    `ledger check: ${total} violation${total === 1 ? '' : 's'}`,
    ...lines,
    ...(report.omitted > 0 ? [`… and ${report.omitted} more not listed (--limit sets how many per check)`] : []),
    `checked ${checked}`,
    '',
  ].join('\n');
}
