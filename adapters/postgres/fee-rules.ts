import { builtInRules } from '../../src/domain/fees/built-in-rules.js';
import { lateFeeRuleJson, NO_RULE, parseLateFeeRule, type LateFeeRule } from '../../src/domain/fees/late-fee-rule.js';
import { formatAmount } from '../../src/domain/money.js';
import type { Sql } from './connect.js';

/** Every name a customer's late_fee_rule may hold: none, the built-in rules and the custom ones loaded. */
export async function knownRuleNames(sql: Sql): Promise<Set<string>> {
  const rows = await sql<{ name: string }[]>`SELECT name FROM late_fee_rules ORDER BY name`;
  return new Set([NO_RULE, ...builtInRules.keys(), ...rows.map((r) => r.name)]);
}

export async function customRules(sql: Sql): Promise<Map<string, LateFeeRule>> {
  const rows = await sql<{ name: string; definition: unknown }[]>`SELECT name, definition FROM late_fee_rules ORDER BY name`;
  const out = new Map<string, LateFeeRule>();
  for (const r of rows) {
    // jsonb read back is checked like the file it came from.
    const parsed = parseLateFeeRule(r.definition);
    if (!parsed.ok) throw new Error(`late-fee rule ${r.name} in the database no longer reads: ${parsed.error}`);
    out.set(r.name, parsed.rule);
  }
  return out;
}

export async function saveCustomRule(sql: Sql, rule: LateFeeRule, actor: string): Promise<void> {
  const definition = lateFeeRuleJson(rule, formatAmount);
  await sql`
    INSERT INTO late_fee_rules (name, definition, loaded_by) VALUES (${rule.name}, ${sql.json(definition as never)}, ${actor})
    ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, loaded_by = excluded.loaded_by, loaded_at = now()`;
}
