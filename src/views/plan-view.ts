import type { CalendarDate } from '../domain/calendar-date.js';
import { formatMoney } from '../domain/money.js';
import type { PlanFacts, PlanOrigin, PlanStatus } from '../domain/plans/plan-facts.js';
import { instalmentStates, nextInstalment, plannedRemaining, unpaidBetween, dueWindow, type InstalmentStanding } from '../domain/plans/plan-standing.js';
import type { PlanWeekFigures } from '../domain/plans/plan-week.js';
import type { PlanNotice } from './alert-view.js';

// Payment plans where people look (issue 20): `/ar`'s "Payment plans", the App Home's plan lists and the weekly
// digest's plan figures. Amounts are formatted here once ("€3,000.00"), per currency, never added across currencies.

const money = (minor: bigint, currency: string) => formatMoney(minor, currency, 'en');

/** One instalment of a plan on `/ar`. */
export interface PlanInstalmentLine {
  readonly dueDate: CalendarDate;
  readonly amount: string;
  readonly standing: InstalmentStanding;
  /** What is still owed on it when part of it is paid; null otherwise. */
  readonly partOwed: string | null;
}

/** One plan of a customer on `/ar`. */
export interface CustomerPlan {
  readonly planId: string;
  readonly status: PlanStatus;
  readonly origin: PlanOrigin;
  readonly currency: string;
  readonly total: string;
  /** Received towards it since it started (as of `onDate`); nothing counts before it starts. */
  readonly paid: string;
  /** The day the figures are measured on: the customer's today, or the day the plan ended. */
  readonly onDate: CalendarDate;
  readonly createdOn: CalendarDate;
  readonly financeApprover: boolean;
  readonly instalments: readonly PlanInstalmentLine[];
  /** The next instalment to pay (its date, what is owed on it); null when none is left. */
  readonly next: { readonly dueDate: CalendarDate; readonly amount: string } | null;
}

/** Plans shown per customer on `/ar`: open ones first, then those ended in the last `customerPlansEndedDays`, newest first. */
export const customerPlansShown = 5;
export const customerPlansEndedDays = 90;

/** A plan of `/ar` from its facts. */
export function customerPlan(f: PlanFacts): CustomerPlan {
  const states = instalmentStates(f.instalments, f.paidMinor, f.onDate, f.started);
  const next = f.status === 'active' || f.status === 'requested' || f.status === 'proposed' ? nextInstalment(states) : null;
  return {
    planId: f.planId.toString(), status: f.status, origin: f.origin, currency: f.currency, total: money(f.totalMinor, f.currency),
    paid: money(f.started ? f.paidMinor : 0n, f.currency), onDate: f.onDate, createdOn: f.createdOn, financeApprover: f.needsFinanceApprover,
    instalments: states.map((s) => ({
      dueDate: s.dueDate, amount: money(s.amountMinor, f.currency), standing: s.standing,
      partOwed: s.paidMinor > 0n && s.remainingMinor > 0n ? money(s.remainingMinor, f.currency) : null,
    })),
    next: next === null ? null : { dueDate: next.dueDate, amount: money(next.remainingMinor, f.currency) },
  };
}

/** A plan request waiting for my decision. */
export interface HomePlanRequest {
  readonly planId: string;
  readonly customerName: string;
  readonly customerExternalId: string;
  readonly total: string;
  readonly instalments: number;
  readonly firstDate: CalendarDate | null;
  readonly financeApprover: boolean;
  readonly requestedOn: CalendarDate;
  /** The request's card as its alert has it, for its buttons (Approve, Refuse); null when no alert was raised. */
  readonly card: PlanNotice | null;
}

/** A broken plan of one of my customers that nobody has followed up with a new plan or the normal reminders. */
export interface HomeBrokenPlan {
  readonly planId: string;
  readonly customerName: string;
  readonly customerExternalId: string;
  readonly total: string;
  /** What its missed instalments owed when it broke. */
  readonly missed: string;
  readonly brokenOn: CalendarDate;
  /** The broken plan's card as its alert has it, for its buttons (Call done, Re-plan, Resume); null without an alert. */
  readonly card: PlanNotice | null;
}

/** An instalment of one of my customers' active plans to be paid soon. */
export interface HomeDueInstalment {
  readonly planId: string;
  readonly customerName: string;
  readonly customerExternalId: string;
  readonly dueDate: CalendarDate;
  /** What is still owed on it. */
  readonly amount: string;
}

/** The App Home's payment plans, as of the company's `asOf` day. */
export interface HomePlans {
  readonly asOf: CalendarDate;
  /** Instalments due from asOf to this day (asOf + `homeDueDays`) are listed. */
  readonly dueUntil: CalendarDate;
  readonly requests: readonly HomePlanRequest[];
  readonly broken: readonly HomeBrokenPlan[];
  /** Date order. */
  readonly dueSoon: readonly HomeDueInstalment[];
}

export const homeDueDays = 7;

/** The plan lists' buttons show this many cards at most, each list; the rest are counted. */
export const homePlanCardsMax = 5;

/** A plan's card as its alert (`alertId`) draws it with nothing done yet: the same buttons on the App Home. */
function cardOf(f: PlanFacts, event: PlanNotice['event'], alertId: string | undefined): PlanNotice | null {
  if (alertId === undefined) return null;
  return {
    event, planId: f.planId.toString(), customerName: f.customerName, origin: f.origin, status: f.status, total: money(f.totalMinor, f.currency),
    financeApprover: f.needsFinanceApprover, instalments: f.instalments.map((i) => ({ dueDate: i.dueDate, amount: money(i.amountMinor, f.currency) })),
    alertId, outcome: null,
  };
}

/**
 * The App Home's plan lists from the plans read for the viewer (requests to decide, broken, active) and the alerts
 * of their cards by plan id (plan_request for a request, plan_broken for a broken plan).
 */
export function homePlans(
  asOf: CalendarDate, facts: { requests: readonly PlanFacts[]; broken: readonly PlanFacts[]; active: readonly PlanFacts[] },
  alerts: { requests: ReadonlyMap<string, string>; broken: ReadonlyMap<string, string> },
): HomePlans {
  const window = dueWindow(asOf, homeDueDays);
  const who = (f: PlanFacts) => ({ planId: f.planId.toString(), customerName: f.customerName, customerExternalId: f.customerExternalId });
  return {
    asOf, dueUntil: window.to,
    requests: facts.requests.map((f) => ({
      ...who(f), total: money(f.totalMinor, f.currency), instalments: f.instalments.length,
      firstDate: f.instalments[0]?.dueDate ?? null, financeApprover: f.needsFinanceApprover, requestedOn: f.createdOn,
      card: cardOf(f, 'requested', alerts.requests.get(f.planId.toString())),
    })),
    broken: facts.broken.map((f) => {
      const missed = instalmentStates(f.instalments, f.paidMinor, f.onDate, true).filter((s) => s.standing === 'missed');
      return {
        ...who(f), total: money(f.totalMinor, f.currency), missed: money(plannedRemaining(missed), f.currency), brokenOn: f.onDate,
        card: cardOf(f, 'broken', alerts.broken.get(f.planId.toString())),
      };
    }),
    dueSoon: facts.active.flatMap((f) => unpaidBetween(instalmentStates(f.instalments, f.paidMinor, f.onDate, true), window.from, window.to)
      .map((s) => ({ ...who(f), dueDate: s.dueDate, amount: money(s.remainingMinor, f.currency) })))
      .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.customerName.localeCompare(b.customerName))),
  };
}

/** The weekly digest's plan figures of one currency, formatted. */
export interface DigestPlanFigures {
  readonly currency: string;
  readonly activePlans: number;
  /** What the active plans still expect. */
  readonly inActivePlans: string;
  readonly dueNextWeek: { readonly count: number; readonly amount: string };
  readonly missedLastWeek: { readonly count: number; readonly amount: string };
  readonly brokenLastWeek: number;
}

export const digestPlanFigures = (f: PlanWeekFigures): DigestPlanFigures => ({
  currency: f.currency, activePlans: f.activePlans, inActivePlans: money(f.inActivePlansMinor, f.currency),
  dueNextWeek: { count: f.dueNextWeek.count, amount: money(f.dueNextWeek.owedMinor, f.currency) },
  missedLastWeek: { count: f.missedLastWeek.count, amount: money(f.missedLastWeek.owedMinor, f.currency) },
  brokenLastWeek: f.brokenLastWeek,
});
