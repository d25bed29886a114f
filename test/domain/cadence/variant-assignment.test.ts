import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { parsePolicy, type CadenceStep } from '../../../src/domain/cadence/policy.js';
import { assignVariant, stepTemplateFor, variantBucket } from '../../../src/domain/cadence/variant-assignment.js';

const ids = Array.from({ length: 10_000 }, (_, i) => `C-${100_000 + i}`);
const overdue: CadenceStep = {
  key: 'overdue', offsetDays: 3, template: 'overdue', ccEscalation: false, requiresApproval: false,
  variant: { template: 'overdue_soft', sharePercent: 50 },
};

describe('variant assignment', () => {
  it('is the first 4 bytes of SHA-256 of ["policy","step","customer"], mod 100: pinned, so a refactor cannot reshuffle a running test', () => {
    // Computed outside arbot (Python hashlib over the same JSON): C-1001 → 70, C-1002 → 19.
    expect(variantBucket('standard', 'overdue', 'C-1001')).toBe(70);
    expect(variantBucket('standard', 'overdue', 'C-1002')).toBe(19);
    const digest = createHash('sha256').update('["standard","overdue","C-1003"]').digest();
    expect(variantBucket('standard', 'overdue', 'C-1003')).toBe(digest.readUInt32BE(0) % 100);
  });

  it('gives the same arm for the same input, computed twice and in a fresh import of the module', async () => {
    const first = ids.slice(0, 500).map((id) => assignVariant('standard', 'overdue', id, 30));
    expect(ids.slice(0, 500).map((id) => assignVariant('standard', 'overdue', id, 30))).toEqual(first);
    vi.resetModules();
    const fresh = await import('../../../src/domain/cadence/variant-assignment.js');
    expect(fresh.assignVariant).not.toBe(assignVariant);
    expect(ids.slice(0, 500).map((id) => fresh.assignVariant('standard', 'overdue', id, 30))).toEqual(first);
  });

  it.each([[50, 4800, 5200], [10, 880, 1120], [90, 8880, 9120], [1, 50, 150]])(
    'puts about %i percent of 10,000 customers in the variant',
    (share, low, high) => {
      // Binomial(10,000, share): the bounds are about four standard deviations either side.
      const n = ids.filter((id) => assignVariant('standard', 'overdue', id, share) === 'variant').length;
      expect(n).toBeGreaterThanOrEqual(low);
      expect(n).toBeLessThanOrEqual(high);
    },
  );

  it('assigns each step on its own: the arm on one step says nothing of the arm on another', () => {
    const cells = new Map<string, number>();
    for (const id of ids) {
      const key = `${assignVariant('standard', 'overdue', id, 50)}/${assignVariant('standard', 'escalation', id, 50)}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    // Independent halves: each of the four cells holds about 2,500 (sd ≈ 43).
    expect([...cells.keys()].sort()).toEqual(['control/control', 'control/variant', 'variant/control', 'variant/variant']);
    for (const n of cells.values()) expect(Math.abs(n - 2500)).toBeLessThan(200);
    // Another policy's step with the same key is another experiment, too.
    const samePolicy = ids.filter((id) => assignVariant('standard', 'overdue', id, 50) === assignVariant('top', 'overdue', id, 50)).length;
    expect(Math.abs(samePolicy - 5000)).toBeLessThan(250);
  });

  it('keeps every variant customer in the variant when the share grows', () => {
    const at20 = ids.filter((id) => assignVariant('standard', 'overdue', id, 20) === 'variant');
    expect(at20.every((id) => assignVariant('standard', 'overdue', id, 50) === 'variant')).toBe(true);
  });

  it("writes the step's own template, with no arm, for a step without a variant", () => {
    const { variant: _, ...plain } = overdue;
    expect(stepTemplateFor('standard', plain, 'C-1001')).toEqual({ template: 'overdue', arm: null });
    expect(stepTemplateFor('standard', overdue, 'C-1001')).toEqual({ template: 'overdue', arm: 'control' }); // bucket 70 ≥ 50
    expect(stepTemplateFor('standard', overdue, 'C-1002')).toEqual({ template: 'overdue_soft', arm: 'variant' }); // bucket 19 < 50
  });
});

describe('parsePolicy with a step variant', () => {
  const upcoming = { key: 'upcoming', offset_days: -7, template: 'upcoming' };
  const withVariant = (variant: unknown) => ({ name: 'standard', steps: [upcoming, { key: 'overdue', offset_days: 3, template: 'overdue', variant }] });
  const names = ['escalation', 'final_notice', 'overdue', 'overdue_soft', 'upcoming'];

  it('reads a variant as { template, sharePercent }, and none as absent', () => {
    const r = parsePolicy(withVariant({ template: 'overdue_soft', share_percent: 50 }), { templateNames: names });
    expect(r).toEqual({ ok: true, policy: expect.objectContaining({ steps: [expect.not.objectContaining({ variant: expect.anything() }), expect.objectContaining({ variant: { template: 'overdue_soft', sharePercent: 50 } })] }) });
    const none = parsePolicy(withVariant(null));
    expect(none.ok && none.policy.steps[1]!.variant).toBeUndefined();
  });

  it.each([
    [{ template: 'overdue_soft', share_percent: 100 }, 'standard.steps[1].variant.share_percent: at most 99'],
    [{ template: 'overdue_soft', share_percent: 0 }, 'standard.steps[1].variant.share_percent: at least 1'],
    [{ template: 'overdue_soft', share_percent: 12.5 }, 'standard.steps[1].variant.share_percent: a whole number of percent'],
    [{ template: 'overdue_soft' }, 'standard.steps[1].variant.share_percent:'],
    [{ template: 'Soft!', share_percent: 50 }, 'standard.steps[1].variant.template: lower-case letters'],
    [{ template: 'overdue', share_percent: 50 }, 'standard.steps[1].variant.template: the variant must be another template than the step\'s own "overdue"'],
    [{ template: 'overdue_soft', share_percent: 50, weight: 2 }, 'standard.steps[1].variant:'],
    [{ template: 'overdue_sfot', share_percent: 50 }, 'standard.steps[1].variant.template: no email template "overdue_sfot" in every language (known: escalation, final_notice, overdue, overdue_soft, upcoming)'],
  ])('refuses the variant %j, naming the path', (variant, message) => {
    const r = parsePolicy(withVariant(variant), { templateNames: names });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
