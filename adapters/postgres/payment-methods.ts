import { alertPriority } from '../../src/domain/alerts.js';
import {
  bankAccountChanged, checkCurrencyEntry, samePaymentMethods, toPaymentMethodsEntry, type CurrencyPaymentMethods,
} from '../../src/domain/payment-methods/payment-methods-file.js';
import type { BankChange, BankChangeStatus, CurrentPaymentDetails, LoadedCurrency, PaymentMethodsStore } from '../../src/ports/payment-methods.js';
import { audit } from './change-requests.js';
import type { Sql } from './connect.js';

// Payment details per currency and their changes (migration 027). Details are stored as the file holds them and
// read back through the same check as a load (jsonb is data from outside the type system).

const id = (v: bigint) => v.toString();

function read(currency: string, json: unknown): CurrencyPaymentMethods {
  const r = checkCurrencyEntry(currency, json);
  if (!r.ok) throw new Error(`stored payment details of ${currency} no longer pass the checks: ${r.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`);
  return r.value;
}

interface ChangeRow {
  id: bigint; currency: string; old_details: unknown; new_details: unknown; account_changed: boolean; status: BankChangeStatus;
  requested_by: string; requested_at: Date; decided_by: string | null; decided_at: Date | null; decision_note: string | null; alert_id: bigint | null;
}

const changeOf = (r: ChangeRow): BankChange => ({
  id: r.id, currency: r.currency, before: r.old_details === null ? null : read(r.currency, r.old_details), after: read(r.currency, r.new_details),
  accountChanged: r.account_changed, status: r.status, requestedBy: r.requested_by, requestedAt: r.requested_at,
  decidedBy: r.decided_by, decidedAt: r.decided_at, decisionNote: r.decision_note, alertId: r.alert_id,
});

const changeColumns = (sql: Sql) => sql`c.id, c.currency, c.old_details, c.new_details, c.account_changed, c.status, c.requested_by,
  c.requested_at, c.decided_by, c.decided_at, c.decision_note,
  (SELECT a.id FROM alerts a WHERE a.dedupe_key = 'bank_details_change:' || c.id) AS alert_id`;

export function postgresPaymentMethodsStore(sql: Sql): PaymentMethodsStore {
  return {
    async current() {
      const rows = await sql<{ currency: string; details: unknown; account_changed_at: Date | null; updated_at: Date }[]>`
        SELECT currency, details, account_changed_at, updated_at FROM payment_details ORDER BY currency`;
      return new Map(rows.map((r): [string, CurrentPaymentDetails] => [
        r.currency, { methods: read(r.currency, r.details), accountChangedAt: r.account_changed_at, updatedAt: r.updated_at },
      ]));
    },
    async pending() {
      const rows = await sql<ChangeRow[]>`SELECT ${changeColumns(sql)} FROM payment_detail_changes c WHERE c.status = 'pending' ORDER BY c.id`;
      return rows.map(changeOf);
    },
    async change(changeId) {
      const [r] = await sql<ChangeRow[]>`SELECT ${changeColumns(sql)} FROM payment_detail_changes c WHERE c.id = ${id(changeId)}::int8`;
      return r ? changeOf(r) : null;
    },
    load: (currencies, actor, at) => sql.begin((tx) => loadAll(tx as unknown as Sql, currencies, actor, at)) as Promise<LoadedCurrency[]>,
    decide: (changeId, decision, note, actor, at) => sql.begin((tx) => decide(tx as unknown as Sql, changeId, decision, note, actor, at)) as Promise<boolean>,
  };
}

async function loadAll(tx: Sql, currencies: readonly CurrencyPaymentMethods[], actor: string, at: Date): Promise<LoadedCurrency[]> {
  // One load at a time: two loads racing on the same currency would each see "no pending change".
  await tx`SELECT pg_advisory_xact_lock(hashtext('arbot.payment_details'))`;
  const out: LoadedCurrency[] = [];
  for (const m of currencies) out.push(await loadOne(tx, m, actor, at));
  return out;
}

async function loadOne(tx: Sql, m: CurrencyPaymentMethods, actor: string, at: Date): Promise<LoadedCurrency> {
  const entry = toPaymentMethodsEntry(m);
  const [cur] = await tx<{ details: unknown }[]>`SELECT details FROM payment_details WHERE currency = ${m.currency} FOR UPDATE`;
  const [pending] = await tx<{ id: bigint; new_details: unknown }[]>`
    SELECT id, new_details FROM payment_detail_changes WHERE currency = ${m.currency} AND status = 'pending' FOR UPDATE`;
  if (!cur) {
    const [row] = await tx<{ id: bigint }[]>`
      INSERT INTO payment_detail_changes (currency, old_details, new_details, account_changed, status, requested_by, requested_at, decided_by, decided_at, decision_note)
      VALUES (${m.currency}, NULL, ${tx.json(entry as never)}, false, 'applied', ${actor}, ${at}::timestamptz, ${actor}, ${at}::timestamptz, 'first details of this currency')
      RETURNING id`;
    await tx`INSERT INTO payment_details (currency, details, change_id, account_changed_at, updated_at)
             VALUES (${m.currency}, ${tx.json(entry as never)}, ${id(row!.id)}::int8, NULL, ${at}::timestamptz)`;
    await audit(tx, actor, 'payment_details.applied', 'payment_detail_change', row!.id, { currency: m.currency });
    return { currency: m.currency, outcome: 'added' };
  }
  const before = read(m.currency, cur.details);
  if (pending && samePaymentMethods(read(m.currency, pending.new_details), m)) return { currency: m.currency, outcome: 'already_pending', changeId: pending.id };
  const replaced = pending ? await supersede(tx, pending.id, actor, at) : null;
  if (samePaymentMethods(before, m)) return { currency: m.currency, outcome: 'unchanged' };
  const accountChanged = bankAccountChanged(before, m);
  const [row] = await tx<{ id: bigint }[]>`
    INSERT INTO payment_detail_changes (currency, old_details, new_details, account_changed, status, requested_by, requested_at)
    VALUES (${m.currency}, ${tx.json(cur.details as never)}, ${tx.json(entry as never)}, ${accountChanged}, 'pending', ${actor}, ${at}::timestamptz)
    RETURNING id`;
  const changeId = row!.id;
  await audit(tx, actor, 'payment_details.change_requested', 'payment_detail_change', changeId, { currency: m.currency, account_changed: accountChanged, replaces: replaced === null ? null : id(replaced) });
  await tx`
    INSERT INTO alerts (kind, dedupe_key, details, raised_at, priority)
    VALUES ('bank_details_change', ${`bank_details_change:${changeId}`}, ${tx.json({ change_id: id(changeId), currency: m.currency })},
            ${at}::timestamptz, ${alertPriority('bank_details_change')})`;
  return { currency: m.currency, outcome: 'pending', changeId, accountChanged, replaced };
}

async function supersede(tx: Sql, changeId: bigint, actor: string, at: Date): Promise<bigint> {
  await tx`UPDATE payment_detail_changes SET status = 'superseded', decided_by = ${actor}, decided_at = ${at}::timestamptz,
             decision_note = 'replaced by a later load' WHERE id = ${id(changeId)}::int8`;
  await audit(tx, actor, 'payment_details.superseded', 'payment_detail_change', changeId, {});
  return changeId;
}

async function decide(tx: Sql, changeId: bigint, decision: 'approved' | 'refused', note: string | null, actor: string, at: Date): Promise<boolean> {
  const [r] = await tx<{ currency: string; new_details: unknown; account_changed: boolean }[]>`
    UPDATE payment_detail_changes SET status = ${decision}, decided_by = ${actor}, decided_at = ${at}::timestamptz, decision_note = ${note}
    WHERE id = ${id(changeId)}::int8 AND status = 'pending' RETURNING currency, new_details, account_changed`;
  if (!r) return false;
  await audit(tx, actor, `payment_details.${decision}`, 'payment_detail_change', changeId, { currency: r.currency, note });
  if (decision === 'approved') {
    await tx`UPDATE payment_details SET details = ${tx.json(r.new_details as never)}, change_id = ${id(changeId)}::int8,
               account_changed_at = CASE WHEN ${r.account_changed} THEN ${at}::timestamptz ELSE account_changed_at END,
               updated_at = ${at}::timestamptz
             WHERE currency = ${r.currency}`;
  }
  return true;
}
