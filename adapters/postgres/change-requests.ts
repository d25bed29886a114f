import { alertPriority } from '../../src/domain/alerts.js';
import type { Parties } from '../../src/domain/rights/chat-rights.js';
import type { ChangeRequestState, NewChangeRequest, RequestedChange } from '../../src/ports/chat-actions.js';
import type { Sql } from './connect.js';

// Changes that wait for a finance approver (migration 012), and the customer parties the rights policy needs.

const id = (v: bigint) => v.toString();

export async function audit(tx: Sql, actor: string, action: string, entity: string, entityId: bigint, details: Record<string, unknown>) {
  await tx`INSERT INTO audit_log (actor, action, entity, entity_id, details)
           VALUES (${actor}, ${action}, ${entity}, ${id(entityId)}::int8, ${tx.json(details as never)})`;
}

/** `customers c` joined to its owners, as the columns `partiesOf` reads. */
export const partyColumns = `c.name AS customer_name,
  c.sales_owner_id, (SELECT coalesce(nullif(o.name, ''), o.email) FROM owners o WHERE o.id = c.sales_owner_id) AS sales_name,
  c.delivery_owner_id, (SELECT coalesce(nullif(o.name, ''), o.email) FROM owners o WHERE o.id = c.delivery_owner_id) AS delivery_name`;

export interface PartyRow {
  readonly customer_name: string;
  readonly sales_owner_id: bigint | null;
  readonly sales_name: string | null;
  readonly delivery_owner_id: bigint | null;
  readonly delivery_name: string | null;
}

export function partiesOf(r: PartyRow): Parties {
  return {
    customerName: r.customer_name,
    salesOwner: r.sales_owner_id === null ? null : { id: r.sales_owner_id, name: r.sales_name ?? '' },
    deliveryOwner: r.delivery_owner_id === null ? null : { id: r.delivery_owner_id, name: r.delivery_name ?? '' },
  };
}

/** Stops reminders for an invoice until a date (null: until released); false when the invoice does not exist. */
export async function insertHold(tx: Sql, invoiceId: bigint, until: string | null, reason: string, actor: string, at: Date, details: Record<string, unknown> = {}) {
  const rows = await tx`
    INSERT INTO reminder_holds (invoice_id, until_date, reason, created_by, created_at)
    SELECT id, ${until}::date, ${reason}, ${actor}, ${at}::timestamptz FROM invoices WHERE id = ${id(invoiceId)}::int8 RETURNING id`;
  if (rows.length > 0) await audit(tx, actor, 'reminders.paused', 'invoice', invoiceId, { until, reason, ...details });
  return rows.length > 0;
}

/** Records a promise to pay on an invoice; false when the invoice does not exist. */
export async function insertPromise(
  tx: Sql, invoiceId: bigint, date: string, amountMinor: bigint | null, note: string, actor: string, at: Date, details: Record<string, unknown> = {},
) {
  const rows = await tx`
    INSERT INTO promises_to_pay (invoice_id, promised_date, amount_minor, note, created_by, created_at)
    SELECT id, ${date}::date, ${amountMinor === null ? null : amountMinor.toString()}::int8, ${note}, ${actor}, ${at}::timestamptz
    FROM invoices WHERE id = ${id(invoiceId)}::int8 RETURNING id`;
  if (rows.length > 0) await audit(tx, actor, 'promise.logged', 'invoice', invoiceId, { promised_date: date, amount_minor: amountMinor?.toString() ?? null, ...details });
  return rows.length > 0;
}

/** Keeps the request and raises its alert for finance, in the caller's transaction. */
export async function insertChangeRequest(tx: Sql, r: NewChangeRequest, at: Date) {
  const [inv] = await tx<{ id: bigint; customer_id: bigint }[]>`SELECT id, customer_id FROM invoices WHERE id = ${id(r.invoiceId)}::int8 FOR UPDATE`;
  if (!inv) return null;
  const [pending] = await tx<{ id: bigint }[]>`
    SELECT id FROM change_requests WHERE invoice_id = ${id(r.invoiceId)}::int8 AND kind = ${r.change.kind} AND status = 'pending'`;
  if (pending) return { alreadyPending: pending.id };
  const c = r.change;
  const [row] = await tx<{ id: bigint }[]>`
    INSERT INTO change_requests (kind, invoice_id, requested_by_id, requested_by, limit_reason, until_date, promised_date, amount_minor, note, created_at)
    VALUES (${c.kind}, ${id(r.invoiceId)}::int8, ${id(r.requestedById)}::int8, ${r.requestedBy}, ${r.limitReason},
            ${c.kind === 'pause' ? c.until : null}::date, ${c.kind === 'promise' ? c.date : null}::date,
            ${c.kind === 'promise' && c.amountMinor !== null ? c.amountMinor.toString() : null}::int8,
            ${c.kind === 'pause' ? c.reason : c.note}, ${at}::timestamptz)
    RETURNING id`;
  const requestId = row!.id;
  await audit(tx, r.requestedBy, 'change.requested', 'change_request', requestId, { invoice_id: id(r.invoiceId), kind: c.kind, limit: r.limitReason });
  const [alert] = await tx<{ id: bigint }[]>`
    INSERT INTO alerts (kind, dedupe_key, customer_id, invoice_id, details, raised_at, priority)
    VALUES ('change_requested', ${`change_requested:${requestId}`}, ${id(inv.customer_id)}::int8, ${id(r.invoiceId)}::int8,
            ${tx.json({ request_id: id(requestId) })}, ${at}::timestamptz, ${alertPriority('change_requested')})
    RETURNING id`;
  return { requestId, alertId: alert!.id };
}

interface RequestRow {
  id: bigint; kind: 'pause' | 'promise'; invoice_id: bigint; until_date: string | null; promised_date: string | null;
  amount_minor: bigint | null; note: string; status: 'pending' | 'approved' | 'refused'; decided_by: string | null;
  requested_by: string; customer_name: string; alert_id: bigint | null;
}

const changeOf = (r: RequestRow): RequestedChange => r.kind === 'pause'
  ? { kind: 'pause', until: r.until_date, reason: r.note }
  : { kind: 'promise', date: r.promised_date!, amountMinor: r.amount_minor === null ? null : BigInt(r.amount_minor), note: r.note };

export async function loadChangeRequest(sql: Sql, requestId: bigint, lock = false): Promise<ChangeRequestState | null> {
  const [r] = await sql<RequestRow[]>`
    SELECT r.id, r.kind, r.invoice_id, r.until_date::text AS until_date, r.promised_date::text AS promised_date, r.amount_minor,
           r.note, r.status, coalesce((SELECT nullif(d.name, '') FROM owners d WHERE d.email = r.decided_by), r.decided_by) AS decided_by,
           r.requested_by, c.name AS customer_name,
           (SELECT a.id FROM alerts a WHERE a.dedupe_key = 'change_requested:' || r.id) AS alert_id
    FROM change_requests r JOIN invoices i ON i.id = r.invoice_id JOIN customers c ON c.id = i.customer_id
    WHERE r.id = ${id(requestId)}::int8 ${lock ? sql`FOR UPDATE OF r` : sql``}`;
  if (!r) return null;
  return {
    id: r.id, invoiceId: r.invoice_id, change: changeOf(r), status: r.status, decidedBy: r.decided_by,
    requestedBy: r.requested_by, customerName: r.customer_name, alertId: r.alert_id,
  };
}

/**
 * Decides a pending request; approved, the pause or promise is made now, as asked (the requester stays its
 * author), with the approver in the audit trail.
 */
export async function decideChangeRequest(tx: Sql, requestId: bigint, decision: 'approved' | 'refused', note: string | null, actor: string, at: Date) {
  const rows = await tx`
    UPDATE change_requests SET status = ${decision}, decided_by = ${actor}, decided_at = ${at}::timestamptz, decision_note = ${note}
    WHERE id = ${id(requestId)}::int8 AND status = 'pending' RETURNING id`;
  if (rows.length === 0) return false;
  await audit(tx, actor, `change.${decision}`, 'change_request', requestId, { note });
  if (decision === 'refused') return true;
  const r = (await loadChangeRequest(tx, requestId))!;
  const details = { change_request_id: id(requestId), approved_by: actor };
  const c = r.change;
  if (c.kind === 'pause') await insertHold(tx, r.invoiceId, c.until, c.reason, r.requestedBy, at, details);
  else await insertPromise(tx, r.invoiceId, c.date, c.amountMinor, c.note, r.requestedBy, at, details);
  return true;
}
