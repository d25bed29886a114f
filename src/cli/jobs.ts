import { toJson } from '../json-output.js';
import { rightsSettings } from '../services/chat-actions/rights-settings.js';
import { chatCoreOn } from '../wire/chat-core.js';
import { cadenceSettings } from '../wire/cadence.js';
import { slackPublisherOnly, startTeams } from '../wire/chat-platforms.js';
import { buildJobs, jobNames } from '../wire/jobs.js';
import { slotOf } from '../wire/scheduler.js';
import { runJobInSlot } from '../wire/scheduler.js';
import { parseAsOf } from './as-of.js';
import type { CommandDeps } from './cadence.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';

/**
 * `arbot jobs list` prints job names one a line; `arbot jobs run <name>|all [--as-of ISO-8601] [--json]` runs them
 * once: a line per job, or with --json one JSON document (failures are in it and on stderr too).
 */
export async function jobsCommand(args: string[], d: CommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    d.out.write(`${jobNames(d.config).join('\n')}\n`);
    return exitCodes.ok;
  }
  if (sub !== 'run') throw new UsageError(sub === undefined ? 'name what to do: jobs list or jobs run' : `unknown subcommand ${sub} for jobs (list or run)`);
  const parsed = parseFlags('jobs', rest, { 'as-of': { type: 'string' }, json: { type: 'boolean' } }, true);
  const [which, extra] = parsed.positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra} for jobs run: name one job or all`);
  const names = jobNames(d.config);
  if (!which || (which !== 'all' && !names.includes(which))) {
    throw new UsageError(`name a job (${names.join(', ')}) or all`);
  }
  const now = parseAsOf(parsed.values['as-of'], d.config.COMPANY_TIMEZONE, d.now);
  const db = await d.open();
  try {
    let failed = false;
    const results: { job: string; ok: boolean; detail?: unknown; error?: string }[] = [];
    // Alerts the jobs raise are posted as the server would: to Slack and Teams when they are configured.
    const { core, messages } = chatCoreOn(db.sql, {
      log: d.log, now: () => now, zone: d.config.COMPANY_TIMEZONE, rights: rightsSettings(d.config), reach: cadenceSettings(d.config),
    });
    const teams = startTeams(d.config, db.sql, d.log, core, messages);
    const jobs = await buildJobs(d.config, db.sql, d.log, {
      publisher: slackPublisherOnly(d.config, db.sql), channels: teams ? [teams.alertChannel] : [],
    });
    for (const { job, deps } of jobs) {
      if (which !== 'all' && job.name !== which) continue;
      // A run by hand gets a slot of its own, so it never collides with the scheduler's slot for the minute.
      const slot = `manual:${slotOf(now)}:${Date.now()}`;
      try {
        const detail = await runJobInSlot(db.sql, job, deps, now, slot, d.log);
        if (parsed.values.json) results.push({ job: job.name, ok: true, detail });
        else d.out.write(`${job.name}: ${toJson(detail)}\n`);
      } catch (e) {
        d.err.write(`${job.name}: failed: ${(e as Error).message}\n`);
        if (parsed.values.json) results.push({ job: job.name, ok: false, error: (e as Error).message });
        failed = true;
      }
    }
    if (parsed.values.json) d.out.write(`${toJson({ as_of: now.toISOString(), jobs: results })}\n`);
    return failed ? exitCodes.failed : exitCodes.ok;
  } finally {
    await db.close();
  }
}
