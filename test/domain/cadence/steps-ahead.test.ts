import { describe, expect, it } from 'vitest';
import { hasOverdueStepAhead, lastClaimedOffset } from '../../../src/domain/cadence/steps-ahead.js';

// The standard policy's steps (migration 003): D-7, D+3, D+10, D+20.
const standard = [
  { key: 'upcoming', offsetDays: -7 }, { key: 'overdue', offsetDays: 3 }, { key: 'escalation', offsetDays: 10 }, { key: 'final_notice', offsetDays: 20 },
];

describe('lastClaimedOffset', () => {
  it.each([
    [[], -Infinity],
    [['upcoming'], -7],
    [['overdue', 'upcoming'], 3],
    [['final_notice'], 20],
  ] as const)('claimed %j → %s', (claimed, offset) => {
    expect(lastClaimedOffset(standard, new Set(claimed))).toBe(offset);
  });
});

describe('hasOverdueStepAhead', () => {
  it.each([
    ['nothing claimed yet', [], true],
    ['only the pre-due note', ['upcoming'], true],
    ['up to the escalation', ['upcoming', 'overdue', 'escalation'], true],
    ['the final notice claimed', ['upcoming', 'overdue', 'escalation', 'final_notice'], false],
    ['the final notice claimed, earlier ones skipped', ['final_notice'], false],
  ] as const)('%s → %s', (_what, claimed, ahead) => {
    expect(hasOverdueStepAhead(standard, new Set(claimed))).toBe(ahead);
  });

  it('a policy with no overdue step has none ahead', () => {
    expect(hasOverdueStepAhead([{ key: 'upcoming', offsetDays: -7 }], new Set())).toBe(false);
  });
});
