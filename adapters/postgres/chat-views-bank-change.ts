import { z } from 'zod';
import { instantInZone } from '../../src/domain/calendar-date.js';
import { formatAmount } from '../../src/domain/money.js';
import { maskAccount } from '../../src/domain/payment-methods/how-to-pay.js';
import type { CurrencyPaymentMethods } from '../../src/domain/payment-methods/payment-methods-file.js';
import type { AlertView } from '../../src/views/alert-view.js';
import type { Sql } from './connect.js';
import { postgresPaymentMethodsStore } from './payment-methods.js';

const details = z.object({ change_id: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]) });

/**
 * A change of bank details as its alert shows it: before and after masked, what else changes, who loaded it, the
 * decision once made. Null when the alert's details name no change, or the change is gone.
 */
export async function bankChangeView(sql: Sql, alertDetails: unknown, zone: string): Promise<AlertView | null> {
  const d = details.safeParse(alertDetails);
  if (!d.success) return null;
  const c = await postgresPaymentMethodsStore(sql).change(BigInt(d.data.change_id));
  if (!c) return null;
  // decided_by is the audit label (an email): shown by the owner's name, the audit keeps the email.
  const [who] = c.decidedBy === null ? [] : await sql<{ name: string }[]>`
    SELECT coalesce(nullif(name, ''), email) AS name FROM owners WHERE lower(email) = lower(${c.decidedBy}) LIMIT 1`;
  return {
    kind: 'bank_change',
    change: {
      changeId: c.id.toString(), currency: c.currency,
      before: c.before === null ? 'none' : described(c.before), after: described(c.after),
      accountChanged: c.accountChanged, otherChanges: c.before === null ? [] : otherChanges(c.before, c.after),
      requestedBy: c.requestedBy, requestedAt: `${instantInZone(c.requestedAt, zone)} (${zone})`,
      status: c.status, decidedBy: who?.name ?? c.decidedBy, phoneToConfirm: c.after.phoneToConfirm,
      refusalReason: c.status === 'refused' ? c.decisionNote : null,
    },
  };
}

const described = (m: CurrencyPaymentMethods) => `${m.accountName} · ${maskAccount(m.account)}`;

/** What changes besides the account: methods, the mandate link, the card limit, the phone to confirm. */
function otherChanges(a: CurrencyPaymentMethods, b: CurrencyPaymentMethods): string[] {
  const out: string[] = [];
  const line = (what: string, x: string, y: string) => { if (x !== y) out.push(`${what}: ${x} → ${y}`); };
  line('methods', a.methods.join(', '), b.methods.join(', '));
  line('direct-debit mandate link', a.directDebitMandateUrl ?? 'none', b.directDebitMandateUrl ?? 'none');
  const limit = (m: CurrencyPaymentMethods) => (m.cardMaxMinor === null ? 'any amount' : `under ${formatAmount(m.cardMaxMinor, m.currency)} ${m.currency}`);
  line('card', limit(a), limit(b));
  line('phone to confirm', a.phoneToConfirm, b.phoneToConfirm);
  return out;
}
