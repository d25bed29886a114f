import { runPaymentPlans, type PlanDeps } from '../src/services/payment-plans.js';
import type { Job } from './job.js';

/**
 * Ticks the payment plans off, reminds each instalment and breaks a plan whose instalment is unpaid PLAN_GRACE_DAYS
 * after its date; on the cadence's schedule (CADENCE_SCHEDULE).
 */
export function paymentPlansJob(schedule: string): Job<PlanDeps> {
  return {
    name: 'payment-plans',
    schedule,
    description: 'remind payment plan instalments; complete or break plans',
    async run(deps, now) {
      const r = await runPaymentPlans(deps, now);
      return { ...r };
    },
  };
}
