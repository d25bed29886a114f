import { postgresFeeDecisions } from '../../adapters/postgres/fee-decisions.js';
import { isCalendarDate } from '../domain/calendar-date.js';
import { formatAmount } from '../domain/money.js';
import { csvLine } from '../domain/reports/csv-cell.js';
import { toJson } from '../json-output.js';
import type { ExportableFee } from '../ports/fee-decisions.js';
import type { CommandDeps } from './cadence.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';

/** The columns of `arbot fees export`, one row per invoice: what the ERP invoices, and who decided it. */
export const feeExportColumns = [
  'customer_external_id', 'invoice_number', 'currency', 'compensation', 'interest', 'total', 'rule', 'legal_basis',
  'decided_by', 'decided_at', 'approved_by', 'paid_on', 'days_late',
] as const;

function cells(f: ExportableFee): Record<(typeof feeExportColumns)[number], string> {
  return {
    customer_external_id: f.customerExternalId, invoice_number: f.invoiceNumber, currency: f.currency,
    compensation: formatAmount(f.compensationMinor, f.currency), interest: formatAmount(f.interestMinor, f.currency),
    total: formatAmount(f.compensationMinor + f.interestMinor, f.currency), rule: f.rule, legal_basis: f.legalBasis,
    decided_by: f.decidedBy, decided_at: f.decidedAt.toISOString(), approved_by: f.approvedBy ?? '',
    // A claim stays due once the invoice is paid (compensation for late payment): the ERP sees when, and on how many
    // days late the amounts were computed.
    paid_on: f.paidOn ?? '', days_late: String(f.daysLate),
  };
}

/**
 * `arbot fees export [--since YYYY-MM-DD] [--format csv|json] [--mark]`: the late-payment charges claimed (approved
 * where needed) and not exported yet, for the ERP to invoice; the amounts are never in an invoice or a KPI of arbot.
 * `--mark` records them exported (one batch), so the next export does not repeat them.
 */
export async function exportFees(args: string[], d: CommandDeps): Promise<number> {
  const { values } = parseFlags('fees', args, { since: { type: 'string' }, format: { type: 'string' }, mark: { type: 'boolean' } });
  const since = (values.since as string | undefined) ?? null;
  if (since !== null && !isCalendarDate(since)) throw new UsageError(`--since ${since}: give a date as YYYY-MM-DD`);
  const format = (values.format as string | undefined) ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format ${format}: csv or json`);
  const db = await d.open();
  try {
    const store = postgresFeeDecisions(db.sql, d.now);
    const fees = await store.exportable(since);
    const batch = `export-${d.now().toISOString()}`;
    if (format === 'json') {
      d.out.write(`${toJson({ batch: values.mark ? batch : null, fees: fees.map((f) => ({ ...cells(f), approved_by: f.approvedBy, status: f.status, paid_on: f.paidOn, days_late: f.daysLate })) })}\n`);
    } else {
      d.out.write(csvLine(feeExportColumns));
      for (const f of fees) {
        const row = cells(f);
        d.out.write(csvLine(feeExportColumns.map((c) => row[c])));
      }
    }
    if (values.mark && fees.length > 0) {
      const n = await store.markExported(fees.map((f) => f.id), batch, 'cli');
      d.err.write(`arbot: ${n} late-payment charge${n === 1 ? '' : 's'} marked exported (${batch})\n`);
    }
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}
