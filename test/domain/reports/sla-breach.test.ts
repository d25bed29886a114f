import { describe, expect, it } from 'vitest';
import { slaBreachedWithin } from '../../../src/domain/reports/sla-breach.js';

const from = new Date('2026-03-01T00:00:00Z');
const until = new Date('2026-04-01T00:00:00Z');
const d = (openedAt: string, closedAt: string | null) => ({ openedAt: new Date(openedAt), closedAt: closedAt === null ? null : new Date(closedAt) });

describe('slaBreachedWithin', () => {
  it.each([
    ['an open dispute whose 48 h end in the period', d('2026-03-10T09:00Z', null), true],
    ['one closed exactly at its deadline', d('2026-03-10T09:00Z', '2026-03-12T09:00Z'), true],
    ['one closed a second before its deadline', d('2026-03-10T09:00Z', '2026-03-12T08:59:59Z'), false],
    ['one whose deadline fell in the previous month', d('2026-02-20T09:00Z', null), false],
    ['one opened before the period with a deadline in it', d('2026-02-28T12:00Z', null), true],
    ['one whose deadline falls after the period', d('2026-03-30T12:00Z', null), false],
    ['one whose deadline is the period end itself', d('2026-03-30T00:00Z', null), false],
  ])('%s: %s', (_what, dispute, want) => {
    expect(slaBreachedWithin(dispute, from, until)).toBe(want);
  });
});
