import { subject, type SubjectRef } from '../../src/domain/subject.js';
import type { CreditActionStore, CreditState } from '../../src/ports/credit-actions.js';
import { audit, partiesOf, partyColumns, type PartyRow } from './change-requests.js';
import type { Sql } from './connect.js';

const isInt8 = (v: bigint) => v >= 0n && v < 2n ** 63n;
/** Messages redrawn after a credit action, at most: a customer with more overdue cards keeps the older ones as drawn. */
const subjectsMax = 50;

/**
 * The credit actions on Postgres (credit_holds, customers' limit; migration 025). `now` stamps holds and releases,
 * as the other chat actions do (the demo clock, tests with a fixed instant).
 */
export function postgresCreditActionStore(sql: Sql, now: () => Date = () => new Date()): CreditActionStore {
  const inTx = <T>(work: (tx: Sql) => Promise<T>) => sql.begin((tx) => work(tx as unknown as Sql)) as Promise<T>;
  return {
    async creditOfAlert(alertId) {
      if (!isInt8(alertId)) return null;
      const [a] = await sql<{ customer_id: bigint }[]>`
        SELECT customer_id FROM alerts WHERE id = ${alertId.toString()}::int8 AND kind IN ('credit_threshold', 'credit_overdue') AND customer_id IS NOT NULL`;
      return a ? creditOf(sql, BigInt(a.customer_id)) : null;
    },
    creditOfCustomer: (customerId) => (isInt8(customerId) ? creditOf(sql, customerId) : Promise.resolve(null)),
    setCreditHold: (customerId, reason, actor) => inTx(async (tx) => {
      // One hold in force per customer (a partial unique index): a second click finds the first.
      const [h] = await tx<{ id: bigint }[]>`
        INSERT INTO credit_holds (customer_id, reason, set_by_id, set_by, set_at)
        VALUES (${customerId.toString()}::int8, ${reason}, ${actor.ownerId.toString()}::int8, ${actor.label}, ${now()}::timestamptz)
        ON CONFLICT (customer_id) WHERE released_at IS NULL DO NOTHING
        RETURNING id`;
      if (!h) return 'already_held';
      await audit(tx, actor.label, 'credit.hold_set', 'customer', customerId, { hold_id: h.id.toString(), reason });
      return 'set';
    }),
    releaseCreditHold: (customerId, actor) => inTx(async (tx) => {
      const [h] = await tx<{ id: bigint }[]>`
        UPDATE credit_holds SET released_at = greatest(${now()}::timestamptz, set_at), released_by = ${actor.label}, released_by_id = ${actor.ownerId.toString()}::int8
        WHERE customer_id = ${customerId.toString()}::int8 AND released_at IS NULL
        RETURNING id`;
      if (!h) return false;
      await audit(tx, actor.label, 'credit.hold_released', 'customer', customerId, { hold_id: h.id.toString() });
      return true;
    }),
    setCreditLimit: (customerId, minor, currency, actor) => inTx(async (tx) => {
      const [before] = await tx<{ minor: bigint | null; currency: string | null }[]>`
        SELECT credit_limit_minor AS minor, credit_limit_currency::text AS currency FROM customers WHERE id = ${customerId.toString()}::int8 FOR UPDATE`;
      await tx`UPDATE customers SET credit_limit_minor = ${minor.toString()}::int8, credit_limit_currency = ${currency}, updated_at = now()
               WHERE id = ${customerId.toString()}::int8`;
      const from = before?.minor == null || before.currency == null ? null : { minor: before.minor, currency: before.currency };
      await audit(tx, actor.label, 'credit.limit_set', 'customer', customerId, {
        from: from === null ? null : { minor: from.minor.toString(), currency: from.currency }, to: { minor: minor.toString(), currency },
      });
      return from;
    }),
    async creditSubjects(customerId) {
      const rows = await sql<{ kind: string; id: bigint }[]>`
        (SELECT 'alert' AS kind, id FROM alerts WHERE customer_id = ${customerId.toString()}::int8 AND kind IN ('credit_threshold', 'credit_overdue')
         ORDER BY id DESC LIMIT ${subjectsMax})
        UNION ALL
        (SELECT 'invoice', invoice_id FROM alerts WHERE customer_id = ${customerId.toString()}::int8 AND kind = 'invoice_overdue'
         ORDER BY id DESC LIMIT ${subjectsMax})`;
      return rows.map((r): SubjectRef => subject(r.kind === 'alert' ? 'alert' : 'invoice', r.id));
    },
  };
}

async function creditOf(sql: Sql, customerId: bigint): Promise<CreditState | null> {
  const [r] = await sql<(PartyRow & { id: bigint; external_id: string; limit_minor: bigint | null; currency: string | null; hold_id: bigint | null; hold_reason: string | null })[]>`
    SELECT c.id, c.external_id, c.credit_limit_minor AS limit_minor, c.credit_limit_currency::text AS currency, h.id AS hold_id, h.reason AS hold_reason,
           ${sql.unsafe(partyColumns)}
    FROM customers c LEFT JOIN credit_holds h ON h.customer_id = c.id AND h.released_at IS NULL
    WHERE c.id = ${customerId.toString()}::int8`;
  if (!r) return null;
  return {
    customerId: r.id, customerExternalId: r.external_id, parties: partiesOf(r), limitMinor: r.limit_minor, limitCurrency: r.currency,
    hold: r.hold_id === null ? null : { id: r.hold_id, reason: r.hold_reason ?? '' },
  };
}
