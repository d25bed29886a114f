import type { InstalmentStanding } from '../../src/domain/plans/plan-standing.js';
import type {
  CustomerPlan, DigestPlanFigures, HomeBrokenPlan, HomeDueInstalment, HomePlanRequest, HomePlans, PlanInstalmentLine,
} from '../../src/views/plan-view.js';
import type { CustomerList } from './customer-wording.js';
import type { Marks } from './marks.js';
import { plural } from './number-text.js';

// The words of payment plans where people look: `/ar`'s "Payment plans" (Slack and Teams alike), the App Home's
// plan lists and the weekly digest's plan figures. The plan cards of requests and breaks keep theirs in plan-wording.ts.

const statusWords: Readonly<Record<CustomerPlan['status'], string>> = {
  requested: 'requested, waiting for a decision', proposed: 'other dates proposed, waiting for the customer', declined: 'declined by the customer', active: 'active', completed: 'completed', broken: 'broken', refused: 'refused', cancelled: 'cancelled',
};

const standingWords: Readonly<Record<InstalmentStanding, string>> = { paid: 'paid', due: 'due', missed: 'missed', proposed: 'proposed' };

/** "2026-04-04 €3,000.00 due", with what is still owed on one paid in part. */
export const instalmentText = (i: PlanInstalmentLine, m: Marks): string =>
  `${m.esc(i.dueDate)} ${m.esc(i.amount)} ${standingWords[i.standing]}${i.partOwed === null ? '' : ` (${m.esc(i.partOwed)} still owed)`}`;

/**
 * One plan on `/ar`: "Plan 12 · active · EUR · total €9,000.00 · paid €3,000.00 (as of 2026-03-10) · next €3,000.00 on
 * 2026-04-04 — 2026-03-05 €3,000.00 paid; 2026-04-04 €3,000.00 due; …". One line, so both surfaces bullet it alike.
 */
export function customerPlanLine(p: CustomerPlan, m: Marks): string {
  const who = p.origin === 'customer' ? 'asked by the customer' : 'offered by us';
  const head = [
    `${m.bold(`Plan ${p.planId}`)} · ${statusWords[p.status]}`,
    m.esc(p.currency),
    `total ${m.esc(p.total)}`,
    ...(p.status === 'requested'
      ? [`${who} on ${m.esc(p.createdOn)}`, p.financeApprover ? 'a finance approver decides' : 'the account manager or a finance approver decides']
      : [`paid ${m.esc(p.paid)} (as of ${m.esc(p.onDate)})`]),
    ...(p.next === null ? [] : [`next ${m.esc(p.next.amount)} on ${m.esc(p.next.dueDate)}`]),
  ].join(' · ');
  return `${head} — ${p.instalments.map((i) => instalmentText(i, m)).join('; ')}`;
}

/** `/ar`'s "Payment plans": open plans first, then those ended lately. */
export const customerPlansList = (plans: readonly CustomerPlan[], m: Marks): CustomerList => ({
  title: `Payment plans (${plans.length})`,
  lines: plans.map((p) => customerPlanLine(p, m)),
  noun: ['plan', 'plans'],
  empty: 'None.',
});

export const homePlanTitles = {
  requests: (n: number) => `Payment plans waiting for my decision (${n})`,
  broken: (n: number) => `Broken payment plans of my customers (${n})`,
  dueSoon: (h: HomePlans) => `Plan instalments due ${h.asOf} → ${h.dueUntil} (${h.dueSoon.length})`,
} as const;

export const homePlanEmpty = { requests: 'Nothing to decide.', broken: 'None.', dueSoon: 'None.' } as const;

/** "*Librairie Soleil* · €7,500.00 in 3 instalments from 2026-03-20 · requested 2026-03-09 · a finance approver decides" */
export const homePlanRequestLine = (r: HomePlanRequest, m: Marks): string =>
  `${m.bold(r.customerName)} · ${m.esc(r.total)} in ${plural(r.instalments, 'instalment', 'instalments')}${r.firstDate === null ? '' : ` from ${m.esc(r.firstDate)}`} · requested ${m.esc(r.requestedOn)}${r.financeApprover ? ' · a finance approver decides' : ''}`;

/** "*Vandelay* · plan of €9,000.00 broken 2026-03-08 · €3,000.00 missed: call, then re-plan or let reminders resume" */
export const homeBrokenPlanLine = (b: HomeBrokenPlan, m: Marks): string =>
  `${m.bold(b.customerName)} · plan of ${m.esc(b.total)} broken ${m.esc(b.brokenOn)} · ${m.esc(b.missed)} missed: call, then re-plan or let the reminders resume`;

/** "2026-04-04 · *Vandelay Industries* · €3,000.00" */
export const homeDueInstalmentLine = (d: HomeDueInstalment, m: Marks): string =>
  `${m.esc(d.dueDate)} · ${m.bold(d.customerName)} · ${m.esc(d.amount)}`;

export const digestPlansTitle = 'Payment plans';

/**
 * The digest's plan figures of one currency, as label and value pairs (Slack fields, Teams facts): "2 active · €12,000.00
 * still expected", "1 due next week · €3,000.00", "1 missed last week · €3,000.00", "1 broken last week".
 */
export const digestPlanFacts = (f: DigestPlanFigures, m: Marks): [string, string][] => [
  ['Active plans', `${f.activePlans} · ${m.esc(f.inActivePlans)} still expected`],
  ['Instalments due next week', `${f.dueNextWeek.count} · ${m.esc(f.dueNextWeek.amount)}`],
  ['Instalments missed last week', `${f.missedLastWeek.count} · ${m.esc(f.missedLastWeek.amount)}`],
  ['Plans broken last week', String(f.brokenLastWeek)],
];
