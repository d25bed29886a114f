import { describe, expect, it } from 'vitest';
import { teamReportScope } from '../../../src/domain/rights/report-rights.js';

describe('who sees which lines of the team report', () => {
  it.each([
    ['finance sees every owner', { ownerId: 4n, team: 'finance', approver: false }, 'everyone'],
    ['a finance approver sees every owner', { ownerId: 4n, team: 'finance', approver: true }, 'everyone'],
    ['an approver in sales sees every owner', { ownerId: 5n, team: 'sales', approver: true }, 'everyone'],
    ['a sales owner sees their own line and the team totals', { ownerId: 2n, team: 'sales', approver: false }, 'own'],
    ['a delivery owner sees their own line and the team totals', { ownerId: 3n, team: 'delivery', approver: false }, 'own'],
    ['someone arbot does not know sees nothing', { ownerId: null, team: null, approver: false }, null],
  ] as const)('%s', (_, person, scope) => {
    expect(teamReportScope(person)).toBe(scope);
  });
});
