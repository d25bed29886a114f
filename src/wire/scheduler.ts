import cron from 'node-cron';
import { claimJobSlot, finishJobSlot } from '../../adapters/postgres/job-runs.js';
import type { Sql } from '../../adapters/postgres/connect.js';
import type { Job } from '../../jobs/job.js';
import type { Logger } from '../log.js';

export interface ScheduledJob {
  readonly job: Job<never>;
  readonly deps: unknown;
}

/** The slot of a firing: its minute, so every instance firing for the same minute names the same slot. */
export function slotOf(at: Date): string {
  return `${at.toISOString().slice(0, 16)}Z`;
}

/**
 * Runs a job once for a slot across all instances (the slot row in job_runs is the lock) and records the result.
 * Returns null when the slot was already taken.
 */
export async function runJobInSlot<D>(sql: Sql, job: Job<D>, deps: D, now: Date, slot: string, log: Logger) {
  if (!(await claimJobSlot(sql, job.name, slot))) return null;
  try {
    const detail = await job.run(deps, now);
    await finishJobSlot(sql, job.name, slot, 'done', detail);
    log.info({ job: job.name, slot, ...detail }, `job ${job.name} done`);
    // A dead letter is an alert no chat platform took after every retry: a person must look (the error is kept
    // on the alert row, and arbot_queue_depth{queue="alerts_dead"} counts them).
    if (typeof detail.dead === 'number' && detail.dead > 0) {
      log.error({ job: job.name, dead: detail.dead }, `${detail.dead} alert(s) dead-lettered after every retry: see alerts.last_error`);
    }
    // A monthly statement claimed without a send (monthly-statements.ts unsent_claims) is never retried on its own:
    // the provider may have it, so a person must look.
    if (Array.isArray(detail.unsent_claims) && detail.unsent_claims.length > 0) {
      log.warn({ job: job.name, unsent_claims: detail.unsent_claims.length },
        `${detail.unsent_claims.length} monthly statement(s) claimed over an hour ago without a send: see arbot statement claims`);
    }
    return detail;
  } catch (err) {
    await finishJobSlot(sql, job.name, slot, 'failed', { error: (err as Error).message }).catch(() => {});
    log.error({ job: job.name, slot, err }, `job ${job.name} failed`);
    throw err;
  }
}

/**
 * Runs the jobs once for `now` (all, or the one named), each in a slot of its own (`<prefix>:<minute>:<ms>`), as
 * `arbot jobs run all` does. A failed job is reported with a null detail and does not stop the others.
 */
export async function runJobsOnce(
  sql: Sql, jobs: readonly ScheduledJob[], now: Date, log: Logger, prefix: string, only?: string,
): Promise<{ name: string; detail: Record<string, unknown> | null }[]> {
  const out: { name: string; detail: Record<string, unknown> | null }[] = [];
  for (const { job, deps } of jobs) {
    if (only !== undefined && job.name !== only) continue;
    const slot = `${prefix}:${slotOf(now)}:${Date.now()}`;
    const detail = await runJobInSlot(sql, job as Job<unknown>, deps, now, slot, log).catch(() => null);
    out.push({ name: job.name, detail });
  }
  return out;
}

/**
 * Starts node-cron timers for the jobs; returns a function that stops them and waits for runs in flight. With
 * `clock` (the local workspace's demo clock), each firing runs for the clock's instant instead of the timer's.
 */
export function startScheduler(sql: Sql, jobs: readonly ScheduledJob[], timezone: string, log: Logger, clock?: () => Date): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  const tasks = jobs.map(({ job, deps }) =>
    cron.schedule(job.schedule, (ctx) => {
      const now = clock ? clock() : ctx.date ?? new Date();
      const p = runJobInSlot(sql, job as Job<unknown>, deps, now, slotOf(now), log).catch(() => {});
      running.add(p);
      void p.finally(() => running.delete(p));
    }, { name: job.name, timezone, noOverlap: true }),
  );
  log.info({ jobs: jobs.map((j) => `${j.job.name} (${j.job.schedule})`) }, 'scheduled jobs started');
  return async () => {
    for (const t of tasks) await t.stop();
    await Promise.allSettled([...running]);
  };
}
