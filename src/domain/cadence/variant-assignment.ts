import { createHash } from 'node:crypto';
import type { CadenceStep } from './policy.js';

/** Which arm of a step's experiment a customer is in: the step's own template (control) or its variant. */
export type VariantArm = 'control' | 'variant';

/**
 * A customer's bucket, 0 to 99, for one step of one policy: the first 4 bytes of SHA-256 over the three values
 * (JSON-encoded, so no two triples share an input), big-endian, mod 100. Nothing random and nothing stored: every
 * process, instance and restart computes the same bucket. Each step hashes its own key, so a customer's bucket on
 * one step says nothing of their bucket on another. (2^32 mod 100 leaves a bias below 1e-7: negligible.)
 * @example variantBucket('standard', 'overdue', 'C-1001') // always the same number in 0..99
 */
export function variantBucket(policy: string, stepKey: string, customerExternalId: string): number {
  const digest = createHash('sha256').update(JSON.stringify([policy, stepKey, customerExternalId]), 'utf8').digest();
  return digest.readUInt32BE(0) % 100;
}

/**
 * The arm a customer is in for a step with a variant: `variant` when their bucket is under the share. Buckets do
 * not move when the share changes, so raising a share from 20 to 50 keeps every customer who had the variant in it.
 * @example assignVariant('standard', 'overdue', 'C-1001', 50) // 'control' or 'variant', the same every time
 */
export function assignVariant(policy: string, stepKey: string, customerExternalId: string, sharePercent: number): VariantArm {
  return variantBucket(policy, stepKey, customerExternalId) < sharePercent ? 'variant' : 'control';
}

/**
 * The template a customer gets at a step, and the arm when the step runs an experiment (null when it has no variant).
 * @example stepTemplateFor('standard', { key: 'overdue', template: 'overdue', variant: { template: 'overdue_soft', sharePercent: 50 }, … }, 'C-1')
 * // { template: 'overdue_soft', arm: 'variant' } or { template: 'overdue', arm: 'control' }
 */
export function stepTemplateFor(policy: string, step: CadenceStep, customerExternalId: string): { template: string; arm: VariantArm | null } {
  if (!step.variant) return { template: step.template, arm: null };
  const arm = assignVariant(policy, step.key, customerExternalId, step.variant.sharePercent);
  return { template: arm === 'variant' ? step.variant.template : step.template, arm };
}
