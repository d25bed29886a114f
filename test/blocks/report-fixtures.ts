import type { ReviewAccount, ReviewMoney, ReviewView } from '../../src/views/review-view.js';
import type { TeamOwnerLine, TeamTotalLine, TeamView } from '../../src/views/team-view.js';

// View models of /review and /team for the renderers' tests: small, or as large as a big company makes them.

const f = (value: string, change: string) => ({ value, change });

export const reviewMoney = (currency: string): ReviewMoney => ({
  currency, invoiced: f('€500.00', '−€500.00'), collected: f('€400.00', '+€200.00'), open: f('€1,100.00', '+€100.00'), overdue: f('€600.00', '+€600.00'),
});

export const reviewAccount = (k: number, name = `Customer ${k}`, currencies = ['EUR', 'USD']): ReviewAccount => ({
  name, externalId: `TOP${k}`, segment: 'top', strategic: k % 2 === 1,
  disputesOpened: { value: 2, change: '±0' }, disputesOpen: { value: 1, change: '−1' },
  money: currencies.map(reviewMoney),
});

export const reviewView = (accounts: readonly ReviewAccount[], totals = ['EUR', 'USD']): ReviewView => ({
  month: '2026-03', previousMonth: '2026-02', totals: totals.map(reviewMoney), accounts,
});

const figures = {
  overdue: [{ amount: '€850.00', invoices: 2 }, { amount: '$300.00', invoices: 1 }],
  disputesClaimed: 2, disputesResolved: 1, medianResolutionHours: 72, slaBreaches: 1,
  promisesKept: 2, promisesBroken: 1, promisesKeptShare: 0.6667, approvalsPending: 2, oldestApprovalHours: 38,
};

export const teamOwner = (k: number, name = `Owner ${k}`): TeamOwnerLine => ({ ...figures, name, email: `owner${k}@acme.example`, team: k % 2 === 0 ? 'sales' : 'delivery' });

export const teamTotals: TeamTotalLine[] = [
  { ...figures, team: 'delivery' },
  { ...figures, team: 'finance', overdue: [], disputesClaimed: 0, disputesResolved: 0, medianResolutionHours: null, slaBreaches: 0, promisesKept: 0, promisesBroken: 0, promisesKeptShare: null, approvalsPending: 0, oldestApprovalHours: null },
  { ...figures, team: 'sales' },
];

export const teamView = (owners: readonly TeamOwnerLine[], over: Partial<TeamView> = {}): TeamView => ({
  asOf: '2026-03-31', month: '2026-03', slaHours: 48, query: null, scope: 'everyone', owners, teams: teamTotals, ...over,
});
