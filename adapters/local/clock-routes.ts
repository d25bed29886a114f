import { HttpError } from '../http/respond.js';
import type { Route } from '../http/server.js';
import { field, readForm, redirect, safeBack } from './http-kit.js';
import { timeFormatter } from './page-routes.js';
import { checkPost, type JobRun, type WorkspaceContext } from './workspace-context.js';

const day = 86_400_000;
/** "Next cadence step" looks this far ahead at most: every policy's last step is within it. */
const maxCadenceDays = 31;

/** Did this run send or hold a reminder (a cadence step happened)? */
const cadenceStepped = (runs: readonly JobRun[]) => runs.some((r) => r.name === 'cadence' && r.detail !== null
  && ['sent', 'claimed', 'awaiting_approval'].some((k) => Number(r.detail![k] ?? 0) > 0));

function summary(runs: readonly JobRun[]): string {
  const n = (name: string, key: string) => runs.filter((r) => r.name === name).reduce((s, r) => s + Number(r.detail?.[key] ?? 0), 0);
  const failed = runs.filter((r) => r.detail === null).map((r) => r.name);
  return `${n('alerts', 'posted')} alert message(s) posted, ${n('cadence', 'sent')} email(s) sent, ${n('cadence', 'awaiting_approval')} waiting for approval`
    + (failed.length > 0 ? `; failed: ${[...new Set(failed)].join(', ')} (see the log)` : '');
}

/**
 * The demo clock's controls. Each runs every scheduled job for the (new) instant, as `arbot jobs run all --as-of`
 * would, then the alerts job once more so that what the cadence raised (approvals, problems) is posted at once.
 * One at a time: a second press waits for the first.
 */
export function clockRoutes(ctx: WorkspaceContext): Route[] {
  let queue: Promise<unknown> = Promise.resolve();
  const runAt = async (at: Date): Promise<JobRun[]> => {
    const run = ctx.runJobs();
    if (!run) throw new HttpError(503, 'jobs_not_ready', 'the jobs are not wired yet; try again in a moment');
    return [...(await run(at)), ...(await run(at, 'alerts'))];
  };
  const step = async (kind: string): Promise<string> => {
    const when = timeFormatter(ctx.zone);
    if (kind === 'jobs') return `Ran the jobs at ${when(ctx.now())}: ${summary(await runAt(ctx.now()))}.`;
    if (kind === 'day') return `Now ${when(await ctx.clock.advance(day))}: ${summary(await runAt(ctx.now()))}.`;
    const runs: JobRun[] = [];
    for (let k = 1; k <= maxCadenceDays; k++) {
      const at = await ctx.clock.advance(day);
      const these = await runAt(at);
      runs.push(...these);
      if (cadenceStepped(these)) return `Now ${when(at)}, ${k} day(s) later: ${summary(runs)}.`;
    }
    return `No cadence step in the next ${maxCadenceDays} days; now ${when(ctx.now())}: ${summary(runs)}.`;
  };
  return [{
    method: 'POST', path: '/local/clock',
    handler: async (req, res) => {
      const form = await readForm(req);
      checkPost(req, form);
      // The clock moves everything's time for good (reminders, dispute links, email events): the demo's only.
      if (!ctx.clock.enabled()) {
        throw new HttpError(404, 'no_demo_clock', `no demo clock here: it runs only on the embedded demo ledger, without a chat platform or an email provider; this server runs on the real time (${ctx.mode.clockOff ?? 'demo clock off'})`);
      }
      const kind = field(form, 'step');
      if (!['jobs', 'day', 'cadence'].includes(kind)) throw new HttpError(400, 'bad_step', 'step must be jobs, day or cadence');
      const done = queue.then(() => step(kind));
      queue = done.catch(() => undefined);
      const notice = await done;
      redirect(res, `${safeBack(field(form, 'back'))}?notice=${encodeURIComponent(notice)}`);
    },
  }];
}
