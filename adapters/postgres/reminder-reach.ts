import type { ReminderReachStore } from '../../src/ports/reminder-reach.js';
import { customerCandidates } from './cadence-candidates.js';
import { loadPolicies } from './cadence-policies.js';
import type { Sql } from './connect.js';

/** The cadence's policies and one customer's candidate rows, as a tick reads them. */
export function postgresReminderReach(sql: Sql): ReminderReachStore {
  return {
    loadPolicies: () => loadPolicies(sql),
    customerCandidates: (customerId, w) => customerCandidates(sql, w, customerId),
  };
}
