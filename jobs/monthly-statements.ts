import { sendMonthlyStatements, type MonthlyStatementDeps } from '../src/services/monthly-statements.js';
import type { Job } from './job.js';

/**
 * The monthly statement of each customer of a segment the statement policy lists (`arbot policy statements`), on its
 * business day of the month in the customer's business hours; default hourly (STATEMENT_SCHEDULE), sent once a month.
 */
export function monthlyStatementsJob(schedule: string): Job<MonthlyStatementDeps> {
  return {
    name: 'monthly-statements',
    schedule,
    description: 'email the monthly statement of each customer of a segment listed in the statement policy, once a month',
    async run(deps, now) {
      return { ...(await sendMonthlyStatements(deps, now)) };
    },
  };
}
