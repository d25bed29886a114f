import { parseTermsPolicy, termsPolicyJson } from '../../src/domain/rights/terms-policy.js';
import type { TermsPolicyStore } from '../../src/ports/terms-policy.js';
import type { Sql } from './connect.js';

/** The payment-term extension policy (terms_policy), read at every decision: a load applies on every instance at once. */
export function postgresTermsPolicyStore(sql: Sql): TermsPolicyStore {
  return {
    loadPolicy: () => loadTermsPolicy(sql),
    async savePolicy(policy, by) {
      await sql.begin(async (raw) => {
        const tx = raw as unknown as Sql;
        const json = termsPolicyJson(policy);
        await tx`INSERT INTO terms_policy (id, policy, loaded_by) VALUES (true, ${tx.json(json)}, ${by})
                 ON CONFLICT (id) DO UPDATE SET policy = excluded.policy, loaded_by = excluded.loaded_by, loaded_at = now()`;
        await tx`INSERT INTO audit_log (actor, action, entity, details) VALUES (${by}, 'terms_policy.loaded', 'terms_policy', ${tx.json(json)})`;
      });
    },
  };
}

/** The stored policy, or null; jsonb read back is checked like any input (a row written by hand included). */
export async function loadTermsPolicy(sql: Sql) {
  const [row] = await sql<{ policy: unknown }[]>`SELECT policy FROM terms_policy`;
  if (!row) return null;
  const parsed = parseTermsPolicy(row.policy);
  if (!parsed.ok) throw new Error(`the stored terms policy is invalid (${parsed.reason}); load a valid one with arbot policy terms load`);
  return parsed.policy;
}
