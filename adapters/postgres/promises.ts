import type { Sql } from './connect.js';

export interface NewPromise {
  readonly invoiceExternalId: string;
  readonly promisedDate: string;
  readonly amountMinor: bigint | null;
  readonly note: string;
  readonly createdBy: string;
}

/** Records a promise to pay on an invoice and its audit row; returns the promise id, or null for an unknown invoice. */
export async function insertPromise(sql: Sql, p: NewPromise): Promise<bigint | null> {
  const [row] = await sql<{ id: bigint }[]>`
    WITH ins AS (
      INSERT INTO promises_to_pay (invoice_id, promised_date, amount_minor, note, created_by)
      SELECT id, ${p.promisedDate}::date, ${p.amountMinor === null ? null : p.amountMinor.toString()}::int8, ${p.note}, ${p.createdBy}
      FROM invoices WHERE external_id = ${p.invoiceExternalId}
      RETURNING id, invoice_id, promised_date
    ), audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT ${p.createdBy}, 'promise.logged', 'invoice', invoice_id,
             jsonb_build_object('promise_id', id, 'promised_date', promised_date)
      FROM ins
    )
    SELECT id FROM ins`;
  return row?.id ?? null;
}
