import { defaultStatementPolicy, parseStatementPolicy, statementPolicyJson } from '../../src/domain/statements/statement-policy.js';
import type { MonthlyStatementCandidate, MonthlyStatementStore } from '../../src/ports/monthly-statements.js';
import { loadHolidays } from './cadence-policies.js';
import type { Sql } from './connect.js';

/** Monthly statements per segment: the policy (statement_policy), the candidates and the once-a-month claims. */
export function postgresMonthlyStatementStore(sql: Sql): MonthlyStatementStore {
  const inTx = <T>(fn: (tx: Sql) => Promise<T>) => sql.begin((raw) => fn(raw as unknown as Sql)) as Promise<T>;
  return {
    async loadPolicy() {
      const [row] = await sql<{ policy: unknown }[]>`SELECT policy FROM statement_policy`;
      if (!row) return defaultStatementPolicy;
      // jsonb read back is checked like any input: a row written by hand must not name an unknown segment.
      const parsed = parseStatementPolicy(row.policy);
      if (!parsed.ok) throw new Error(`the stored statement policy is invalid (${parsed.reason}); load a valid one with arbot policy statements load`);
      return parsed.policy;
    },
    async savePolicy(policy, by) {
      await inTx(async (tx) => {
        const json = statementPolicyJson(policy);
        await tx`INSERT INTO statement_policy (id, policy, loaded_by) VALUES (true, ${tx.json(json)}, ${by})
                 ON CONFLICT (id) DO UPDATE SET policy = excluded.policy, loaded_by = excluded.loaded_by, loaded_at = now()`;
        await tx`INSERT INTO audit_log (actor, action, entity, details) VALUES (${by}, 'statement_policy.loaded', 'statement_policy', ${tx.json(json)})`;
      });
    },
    loadHolidays: () => loadHolidays(sql),
    async candidates(segments, now) {
      if (segments.length === 0) return [];
      const rows = await sql<{ id: bigint; segment: MonthlyStatementCandidate['segment']; timezone: string; country: string | null }[]>`
        SELECT c.id, c.segment, c.timezone, c.country
        FROM customers c
        WHERE c.segment = ANY(${[...segments]}::text[])
          -- Reminders paused for the whole customer: the cadence's on_hold for a customer hold (cadence-candidates.ts).
          AND NOT EXISTS (SELECT 1 FROM reminder_holds h
                           WHERE h.customer_id = c.id AND h.created_at <= ${now}
                             AND (h.released_at IS NULL OR h.released_at > ${now})
                             AND (h.until_date IS NULL OR h.until_date >= (${now}::timestamptz AT TIME ZONE c.timezone)::date))
          AND NOT EXISTS (SELECT 1 FROM monthly_statement_claims m
                           WHERE m.customer_id = c.id AND m.statement_month = to_char(${now}::timestamptz AT TIME ZONE c.timezone, 'YYYY-MM'))
        ORDER BY c.id`;
      return rows.map((r) => ({ customerId: BigInt(r.id), segment: r.segment, timezone: r.timezone, country: r.country }));
    },
    async claim(customerId, month, now) {
      const won = await sql`
        INSERT INTO monthly_statement_claims (customer_id, statement_month, claimed_at)
        VALUES (${customerId.toString()}::int8, ${month}, ${now})
        ON CONFLICT (customer_id, statement_month) DO NOTHING RETURNING 1`;
      return won.length === 1;
    },
    async settle(customerId, month, statementEmailId) {
      await sql`UPDATE monthly_statement_claims SET statement_email_id = ${statementEmailId.toString()}::int8
                WHERE customer_id = ${customerId.toString()}::int8 AND statement_month = ${month}`;
    },
    async release(customerId, month) {
      await sql`DELETE FROM monthly_statement_claims
                WHERE customer_id = ${customerId.toString()}::int8 AND statement_month = ${month} AND statement_email_id IS NULL`;
    },
    async unsentClaims(claimedBefore) {
      const rows = await sql<{ external_id: string; statement_month: string; claimed_at: Date; last_attempt: string | null }[]>`
        SELECT c.external_id, m.statement_month, m.claimed_at,
               -- The send a run recorded under this claim (as of the claim's instant), if any: in doubt, it says why.
               (SELECT coalesce(s.last_error, s.status) FROM statement_emails s
                 WHERE s.customer_id = m.customer_id AND s.kind = 'monthly' AND s.statement_month = m.statement_month
                   AND s.as_of >= m.claimed_at
                 ORDER BY s.id DESC LIMIT 1) AS last_attempt
        FROM monthly_statement_claims m JOIN customers c ON c.id = m.customer_id
        WHERE m.statement_email_id IS NULL AND m.claimed_at < ${claimedBefore}
        ORDER BY m.claimed_at, c.external_id`;
      return rows.map((r) => ({ customerExternalId: r.external_id, month: r.statement_month, claimedAt: r.claimed_at, lastAttempt: r.last_attempt }));
    },
    async releaseUnsent(customerExternalId, month, by) {
      return inTx(async (tx) => {
        const [c] = await tx<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = ${customerExternalId}`;
        if (!c) return 'unknown_customer' as const;
        const [claim] = await tx<{ claimed_at: Date; statement_email_id: bigint | null }[]>`
          SELECT claimed_at, statement_email_id FROM monthly_statement_claims
          WHERE customer_id = ${c.id} AND statement_month = ${month} FOR UPDATE`;
        if (!claim) return 'no_claim' as const;
        if (claim.statement_email_id !== null) return 'sent' as const;
        await tx`DELETE FROM monthly_statement_claims WHERE customer_id = ${c.id} AND statement_month = ${month}`;
        await tx`INSERT INTO audit_log (actor, action, entity, entity_id, details)
                 VALUES (${by}, 'statement.claim_released', 'customer', ${c.id},
                         ${tx.json({ month, claimed_at: claim.claimed_at.toISOString() })})`;
        return 'released' as const;
      });
    },
  };
}
