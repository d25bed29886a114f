import { z } from 'zod';
import type { FeeClaimAlertView, FeeClaimFacts } from '../../src/views/fee-claim-view.js';
import { money } from './chat-views-invoices.js';
import type { Sql } from './connect.js';

const details = z.object({ decision_ids: z.array(z.string().regex(/^\d{1,19}$/)).min(1) });

interface Row {
  number: string; currency: string; compensation_minor: bigint; interest_minor: bigint; legal_basis: string; days_late: number;
  status: string; decided_by: string; approved_by: string | null; refused_by: string | null; refusal_reason: string | null;
  customer_id: bigint; customer_name: string; customer_external_id: string;
}

/**
 * The claims one click recorded awaiting a finance approver (the alert's `decision_ids`), as they stand now: still
 * waiting, approved, or refused with its reason. Null when the details name no claim or the claims are gone.
 */
export async function feeClaimView(sql: Sql, alertDetails: unknown): Promise<FeeClaimAlertView | null> {
  const d = details.safeParse(alertDetails);
  if (!d.success) return null;
  const rows = await sql<Row[]>`
    SELECT i.number, f.currency, f.compensation_minor, f.interest_minor, f.legal_basis, greatest(f.as_of - i.due_date, 0) AS days_late,
           f.status, f.decided_by, f.approved_by, f.refused_by, f.refusal_reason,
           c.id AS customer_id, c.name AS customer_name, c.external_id AS customer_external_id
    FROM fee_decisions f JOIN invoices i ON i.id = f.invoice_id JOIN customers c ON c.id = f.customer_id
    WHERE f.id = ANY(${d.data.decision_ids}::text[]::int8[]) ORDER BY f.id`;
  const first = rows[0];
  if (!first) return null;
  const status: FeeClaimFacts['status'] = rows.some((r) => r.status === 'awaiting_approval') ? 'awaiting'
    : rows.every((r) => r.status === 'refused') ? 'refused' : 'approved';
  const decider = status === 'awaiting' ? null : status === 'refused' ? first.refused_by : rows.find((r) => r.approved_by !== null)?.approved_by ?? null;
  const names = await namesOf(sql, [first.decided_by, ...(decider === null ? [] : [decider])]);
  const sums = new Map<string, bigint>();
  for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0n) + BigInt(r.compensation_minor) + BigInt(r.interest_minor));
  return {
    kind: 'fee_claim',
    claim: {
      customerId: first.customer_id.toString(), customerName: first.customer_name, customerExternalId: first.customer_external_id,
      claimedBy: names.get(first.decided_by.toLowerCase()) ?? first.decided_by,
      lines: rows.map((r) => ({
        invoiceNumber: r.number, daysLate: Number(r.days_late), legalBasis: r.legal_basis,
        compensation: BigInt(r.compensation_minor) === 0n ? null : money(BigInt(r.compensation_minor), r.currency),
        interest: money(BigInt(r.interest_minor), r.currency), total: money(BigInt(r.compensation_minor) + BigInt(r.interest_minor), r.currency),
      })),
      totals: [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => money(minor, currency)),
      status, decidedBy: decider === null ? null : names.get(decider.toLowerCase()) ?? decider,
      refusalReason: status === 'refused' ? first.refusal_reason : null,
    },
  };
}

/** Audit labels (emails) shown by the owner's name; the audit keeps the email. */
async function namesOf(sql: Sql, labels: readonly string[]): Promise<Map<string, string>> {
  const rows = await sql<{ email: string; name: string }[]>`
    SELECT lower(email) AS email, coalesce(nullif(name, ''), email) AS name FROM owners WHERE lower(email) = ANY(${labels.map((l) => l.toLowerCase())}::text[])`;
  return new Map(rows.map((r) => [r.email, r.name]));
}
