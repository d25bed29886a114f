import type { CalendarDate } from '../domain/calendar-date.js';
import type { CadencePolicy } from '../domain/cadence/policy.js';
import type { CadenceCandidate } from './cadence-store.js';

/**
 * What "is a reminder still due to this customer?" reads: the cadence's own policies and its candidate rows for one
 * customer in the tick's window (adapters/postgres/reminder-reach.ts), so the answer follows the tick's eligibility.
 */
export interface ReminderReachStore {
  loadPolicies(): Promise<ReadonlyMap<string, CadencePolicy>>;
  customerCandidates(customerId: bigint, w: { now: Date; today: CalendarDate; from: CalendarDate; to: CalendarDate }): Promise<readonly CadenceCandidate[]>;
}
