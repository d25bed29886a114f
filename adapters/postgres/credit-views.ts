import { z } from 'zod';
import { creditPosition, usedPercent } from '../../src/domain/credit/credit-position.js';
import type { AlertView } from '../../src/views/alert-view.js';
import type { CreditAlertReason, CreditFacts } from '../../src/views/credit-view.js';
import { loadCustomerContext } from './chat-views-subjects.js';
import { money } from './chat-views-invoices.js';
import type { Sql } from './connect.js';
import type { CreditCheckStore } from '../../src/ports/credit-check.js';
import { customerToday, oldestOverdueSql, openArSql } from './credit-sql.js';
import { holdFacts } from './credit-hold-facts.js';

/** The raw credit facts of one customer as of `now` (its own today): what the views and the credit API start from. */
export interface CreditRow {
  readonly id: bigint;
  readonly external_id: string;
  readonly name: string;
  readonly limit_minor: bigint | null;
  readonly currency: string | null;
  readonly open_minor: bigint | null;
  readonly oldest_overdue_days: number | null;
  readonly hold_set_by: string | null;
  /** When the hold was set; null: no hold in force. */
  readonly hold_set_at: Date | null;
  readonly hold_reason: string | null;
}

/**
 * One customer's credit row, by id or by external id (exactly); null when there is none. The hold is the one in
 * force at `now`; "set by" is the owner's name (or email when it has none).
 */
export async function loadCreditRow(sql: Sql, by: { id: bigint } | { externalId: string }, now: Date): Promise<CreditRow | null> {
  const today = customerToday(sql, now);
  const where = 'id' in by ? sql`c.id = ${by.id.toString()}::int8` : sql`c.external_id = ${by.externalId}`;
  const [r] = await sql<CreditRow[]>`
    SELECT c.id, c.external_id, c.name, c.credit_limit_minor AS limit_minor, c.credit_limit_currency::text AS currency,
           CASE WHEN c.credit_limit_currency IS NULL THEN NULL ELSE ${openArSql(sql, sql`c.credit_limit_currency`, today)} END AS open_minor,
           ${oldestOverdueSql(sql, today)} AS oldest_overdue_days,
           h.set_by AS hold_set_by, h.set_at AS hold_set_at, h.reason AS hold_reason
    FROM customers c
    LEFT JOIN LATERAL (
      SELECT coalesce(nullif(o.name, ''), o.email) AS set_by, ch.set_at, ch.reason
      FROM credit_holds ch JOIN owners o ON o.id = ch.set_by_id
      WHERE ch.customer_id = c.id AND ch.set_at <= ${now} AND (ch.released_at IS NULL OR ch.released_at > ${now})
      ORDER BY ch.set_at DESC, ch.id DESC LIMIT 1) h ON true
    WHERE ${where}`;
  return r ?? null;
}

/** The credit facts cards show, formatted. */
export function creditFacts(r: CreditRow, zone: string): CreditFacts {
  const position = r.limit_minor === null || r.currency === null ? null : creditPosition(r.limit_minor, r.open_minor ?? 0n);
  return {
    customerId: r.id.toString(),
    customerName: r.name,
    customerExternalId: r.external_id,
    limit: position === null ? null : {
      currency: r.currency!,
      limit: money(position.limitMinor, r.currency!),
      openAr: money(position.openMinor, r.currency!),
      available: money(position.availableMinor, r.currency!),
      usedPercent: usedPercent(position),
      overLimit: position.overLimit,
    },
    oldestOverdueDays: r.oldest_overdue_days,
    hold: holdFacts(r, zone),
  };
}

export async function loadCreditFacts(sql: Sql, customerId: bigint, now: Date, zone: string): Promise<CreditFacts | null> {
  const r = await loadCreditRow(sql, { id: customerId }, now);
  return r === null ? null : creditFacts(r, zone);
}

const thresholdDetails = z.object({ threshold: z.number().int() });
const overdueDetails = z.object({ days_overdue: z.number().int(), overdue_days: z.number().int() });

/** A credit_threshold or credit_overdue alert as its card shows it now (the customer's current credit and hold). */
export async function creditAlertView(
  sql: Sql, alert: { id: bigint; kind: string; customer_id: bigint | null; details: unknown }, now: Date, zone: string,
): Promise<AlertView | null> {
  if (alert.customer_id === null) return null;
  let reason: CreditAlertReason;
  if (alert.kind === 'credit_threshold') {
    const d = thresholdDetails.safeParse(alert.details);
    if (!d.success) return null;
    reason = { kind: 'threshold', threshold: d.data.threshold };
  } else {
    const d = overdueDetails.safeParse(alert.details);
    if (!d.success) return null;
    reason = { kind: 'overdue', overdueDays: d.data.overdue_days, daysOverdue: d.data.days_overdue };
  }
  const credit = await loadCreditFacts(sql, alert.customer_id, now, zone);
  if (credit === null) return null;
  const context = await loadCustomerContext(sql, { customer_id: alert.customer_id, invoice_id: null, dispute_id: null, email_id: null });
  return { kind: 'credit', alertId: alert.id.toString(), reason, credit, owner: context?.sales ?? null };
}

/** The credit of a credit alert's customer; null when the alert is gone or is not a credit alert. */
export async function loadCreditOfAlert(sql: Sql, alertId: bigint, now: Date, zone: string): Promise<CreditFacts | null> {
  if (alertId >= 2n ** 63n) return null;
  const [a] = await sql<{ customer_id: bigint }[]>`
    SELECT customer_id FROM alerts WHERE id = ${alertId.toString()}::int8 AND kind IN ('credit_threshold', 'credit_overdue') AND customer_id IS NOT NULL`;
  return a ? loadCreditFacts(sql, a.customer_id, now, zone) : null;
}

/** The credit API's store (src/ports/credit-check.ts), from the same row the cards read. */
export function postgresCreditCheckStore(sql: Sql): CreditCheckStore {
  return {
    async customerCredit(externalId, now) {
      // Postgres text cannot hold NUL: no customer's id contains one.
      if (externalId.includes('\u0000')) return null;
      const r = await loadCreditRow(sql, { externalId }, now);
      if (r === null) return null;
      return {
        externalId: r.external_id, name: r.name, limitMinor: r.limit_minor, currency: r.currency, openMinor: r.open_minor,
        oldestOverdueDays: r.oldest_overdue_days,
        hold: r.hold_set_at === null ? null : { setBy: r.hold_set_by ?? 'someone', reason: r.hold_reason ?? '', setAt: r.hold_set_at },
      };
    },
  };
}
