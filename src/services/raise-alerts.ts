import { disputeSlaHours } from '../domain/disputes/dispute-sla.js';

/** The alert producers, each idempotent and set-based; see adapters/postgres/alert-producers.ts. */
export interface AlertProducers {
  overdue(now: Date): Promise<number>;
  delivery(now: Date, days: number): Promise<number>;
  disputes(now: Date): Promise<number>;
  escalations(now: Date, slaHours: number): Promise<number>;
  incomplete(now: Date, horizonDays: number): Promise<number>;
  /** One finance alert per finished import run that left payments unmatched or released allocations. */
  importRuns(now: Date): Promise<number>;
  /** Credit notes announced (dispute closed as credit_note_issued) `waitDays` ago or more and still not in the ledger. */
  creditNotesAwaited(now: Date, waitDays: number): Promise<number>;
  /** Open AR reaching 80% / 100% of a customer's credit limit, once per crossing. */
  creditThresholds(now: Date): Promise<number>;
  /** A customer with an invoice more than `days` overdue, once until none is. */
  creditOverdue(now: Date, days: number): Promise<number>;
}

export interface AlertSettings {
  /** Overdue this many days, the delivery owner is asked to clear the blocker. */
  readonly deliveryAfterDays: number;
  /** Incomplete invoices are flagged when due within this many days and not yet reminded. */
  readonly incompleteHorizonDays: number;
  /** CREDIT_NOTE_WAIT_DAYS: finance is told when an announced credit note is still missing after this many days. */
  readonly creditNoteWaitDays?: number;
  /** CREDIT_OVERDUE_DAYS: the account manager and finance hear of a customer with an invoice overdue longer. */
  readonly creditOverdueDays?: number;
}

export interface RaisedAlerts {
  overdue: number;
  delivery: number;
  disputes: number;
  escalated: number;
  incomplete: number;
  import_runs: number;
  credit_notes_awaited: number;
  credit_thresholds: number;
  credit_overdue: number;
}

/**
 * Raises every alert the ledger calls for as of `now`, including those for data that arrived by import or the
 * API, and escalates disputes past the 48-hour SLA. Safe to run any number of times: facts are raised once.
 */
export async function raiseAlerts(p: AlertProducers, s: AlertSettings, now: Date): Promise<RaisedAlerts> {
  return {
    escalated: await p.escalations(now, disputeSlaHours),
    disputes: await p.disputes(now),
    overdue: await p.overdue(now),
    delivery: await p.delivery(now, s.deliveryAfterDays),
    incomplete: await p.incomplete(now, s.incompleteHorizonDays),
    import_runs: await p.importRuns(now),
    credit_notes_awaited: await p.creditNotesAwaited(now, s.creditNoteWaitDays ?? 10),
    credit_thresholds: await p.creditThresholds(now),
    credit_overdue: await p.creditOverdue(now, s.creditOverdueDays ?? 60),
  };
}
