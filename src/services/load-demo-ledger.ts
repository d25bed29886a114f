import type { CalendarDate } from '../domain/calendar-date.js';
import { buildDemoLedger, type DemoPlan, type DemoSentReminder } from '../domain/demo-ledger.js';
import { ledgerKinds } from '../domain/import/ledger-rows.js';
import type { LedgerImportStore } from '../ports/ledger-import.js';
import { importLedger, isClean, type ImportReport } from './import-ledger.js';

export interface DemoDeps {
  readonly store: LedgerImportStore;
  /** No owner, customer, invoice or payment yet: the demo never goes beside real (imported) rows. */
  readonly ledgerIsEmpty: () => Promise<boolean>;
  readonly recordPromise: (p: {
    invoiceExternalId: string; promisedDate: string; amountMinor: bigint | null; note: string; createdBy: string;
  }) => Promise<unknown>;
  /** Records a reminder as sent on a day (the demo's history); the cadence goes on from it. */
  readonly recordSentReminder: (r: DemoSentReminder) => Promise<unknown>;
  /** Keeps a demo payment plan through the plan store (a request raises its plan_request approval card). */
  readonly recordPlan: (p: DemoPlan) => Promise<unknown>;
}

export type DemoLoad =
  | { readonly ok: true; readonly report: ImportReport }
  | { readonly ok: false; readonly code: 'ledger_not_empty'; readonly message: string };

export const demoNeedsEmptyLedger =
  'the ledger already holds owners, customers, invoices or payments; the demo ledger only goes into an empty database (use a new DATA_DIR or database)';

/**
 * Loads the built-in demo ledger dated around `today`, through the same import path as an ERP export, into an
 * empty ledger only: 14 fictional customers beside imported ones would be emailed and counted in the KPIs.
 */
export async function loadDemoLedger(deps: DemoDeps, today: CalendarDate, timezone: string): Promise<DemoLoad> {
  if (!(await deps.ledgerIsEmpty())) return { ok: false, code: 'ledger_not_empty', message: demoNeedsEmptyLedger };
  const demo = buildDemoLedger(today);
  const sources = ledgerKinds.map((kind) => ({
    kind,
    name: `demo:${kind}`,
    items: (async function* () {
      let pos = 0;
      for (const cells of demo.rows[kind]) yield { pos: ++pos, cells };
    })(),
  }));
  const report = await importLedger(deps.store, sources, { actor: 'demo', via: 'demo', defaultTimezone: timezone, today: { date: today, zone: timezone } });
  if (!isClean(report)) {
    const first = report.sources.find((s) => s.errors.length > 0 || s.fatal);
    throw new Error(`the demo ledger did not load cleanly: ${first?.name} ${JSON.stringify(first?.errors[0] ?? first?.fatal)}`);
  }
  for (const p of demo.promises) {
    await deps.recordPromise({
      invoiceExternalId: p.invoice_external_id, promisedDate: p.promised_date,
      amountMinor: p.amount_minor, note: p.note, createdBy: p.created_by,
    });
  }
  for (const r of demo.sent) await deps.recordSentReminder(r);
  for (const p of demo.plans) await deps.recordPlan(p);
  return { ok: true, report };
}
