import { parsePolicy, type CadencePolicy, type ParsePolicyOptions } from '../../src/domain/cadence/policy.js';
import type { Sql } from './connect.js';

export class PolicyError extends Error {
  readonly code = 'invalid_policy';
}

/**
 * Loads every policy with its steps; a policy with a bad step stops the load with a clear error. With
 * `templateNames` (the loaded email templates), a step variant naming a template that is not there stops it too.
 */
export async function loadPolicies(sql: Sql, options: ParsePolicyOptions = {}): Promise<Map<string, CadencePolicy>> {
  const rows = await sql<{ name: string; description: string; min_gap_days: number | null; steps: unknown }[]>`
    SELECT p.name, p.description, p.min_gap_days,
           coalesce(json_agg(json_build_object('key', s.key, 'offset_days', s.offset_days, 'template', s.template,
                     'cc_escalation', s.cc_escalation, 'requires_approval', s.requires_approval,
                     'variant', CASE WHEN s.variant_template IS NOT NULL
                                THEN json_build_object('template', s.variant_template, 'share_percent', s.variant_share_percent) END)
                     ORDER BY s.offset_days)
                    FILTER (WHERE s.key IS NOT NULL), '[]') AS steps
    FROM cadence_policies p LEFT JOIN cadence_steps s ON s.policy = p.name
    GROUP BY p.name, p.description, p.min_gap_days ORDER BY p.name`;
  const out = new Map<string, CadencePolicy>();
  for (const r of rows) {
    const parsed = parsePolicy({ name: r.name, description: r.description, min_gap_days: r.min_gap_days, steps: r.steps }, options);
    if (!parsed.ok) throw new PolicyError(`cadence policy ${parsed.error}`);
    out.set(r.name, parsed.policy);
  }
  for (const required of ['standard', 'top', 'at_risk']) {
    if (!out.has(required)) throw new PolicyError(`cadence policy "${required}" is missing; it is needed for ${required} customers`);
  }
  return out;
}

/** Replaces a policy's steps (or creates it) after validation, in one transaction. */
export async function savePolicy(sql: Sql, policy: CadencePolicy, actor: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO cadence_policies (name, description, min_gap_days) VALUES (${policy.name}, ${policy.description}, ${policy.minGapDays})
      ON CONFLICT (name) DO UPDATE SET description = excluded.description, min_gap_days = excluded.min_gap_days, updated_at = now()`;
    await tx`DELETE FROM cadence_steps WHERE policy = ${policy.name}`;
    for (const s of policy.steps) {
      await tx`
        INSERT INTO cadence_steps (policy, key, offset_days, template, cc_escalation, requires_approval, variant_template, variant_share_percent)
        VALUES (${policy.name}, ${s.key}, ${s.offsetDays}, ${s.template}, ${s.ccEscalation}, ${s.requiresApproval},
                ${s.variant?.template ?? null}, ${s.variant?.sharePercent ?? null})`;
    }
    await tx`
      INSERT INTO audit_log (actor, action, entity, details)
      VALUES (${actor}, 'policy.saved', 'cadence_policy', ${tx.json({
        name: policy.name, steps: policy.steps.length,
        // Who started or changed a template experiment, and when, is in the audit log.
        variants: policy.steps.flatMap((s) => (s.variant ? [{ step: s.key, template: s.variant.template, share_percent: s.variant.sharePercent }] : [])),
      })})`;
  });
}

/** Holidays by country code; '*' holds the company-wide ones. */
export async function loadHolidays(sql: Sql): Promise<Map<string, Set<string>>> {
  const rows = await sql<{ day: string; country: string }[]>`SELECT day::text AS day, country FROM holidays`;
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.country) ?? new Set<string>();
    set.add(r.day);
    out.set(r.country, set);
  }
  return out;
}
