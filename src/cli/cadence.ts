import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadPolicies, savePolicy } from '../../adapters/postgres/cadence-policies.js';
import { cadenceStats } from '../../adapters/postgres/cadence-stats.js';
import type { Database } from '../../adapters/postgres/connect.js';
import { toJson } from '../json-output.js';
import type { Config } from '../config.js';
import { parsePolicy, type CadencePolicy } from '../domain/cadence/policy.js';
import { dateInZone, addDaysToDate } from '../domain/calendar-date.js';
import { formatAmount } from '../domain/money.js';
import type { Logger } from '../log.js';
import { runCadenceTick, type TickReport } from '../services/cadence-tick.js';
import { runCadenceTestBatch, testBatchLimits, testRecipientProblem, type TestBatchReport } from '../services/cadence-test-batch.js';
import { cadenceDeps, cadenceTestBatchDeps, emailTemplateNames } from '../wire/cadence.js';
import { parseAsOf } from './as-of.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';

export interface CommandDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly open: () => Promise<Database>;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly now: () => Date;
  /** Where files named on the command line are (a server runs this for a CLI elsewhere); by default the process's own. */
  readonly cwd?: string;
}


/** `arbot cadence run|preview|test|stats`. */
export async function cadenceCommand(args: string[], d: CommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'run' || sub === 'preview') {
    const { values } = parseFlags('cadence', rest, { 'as-of': { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } });
    const now = parseAsOf(values['as-of'] as string | undefined, d.config.COMPANY_TIMEZONE, d.now);
    const db = await d.open();
    try {
      const report = await runCadenceTick(await cadenceDeps(d.config, db.sql, d.log), now, { dryRun: sub === 'preview' || values['dry-run'] === true });
      d.out.write(values.json ? `${toJson(report)}\n` : renderTick(report));
      return report.failed > 0 || report.in_doubt > 0 ? exitCodes.failed : exitCodes.ok;
    } finally {
      await db.close();
    }
  }
  if (sub === 'test') return cadenceTestCommand(rest, d);
  if (sub === 'stats') {
    const { values } = parseFlags('cadence', rest, { since: { type: 'string' }, json: { type: 'boolean' } });
    const since = (values.since as string | undefined) ?? addDaysToDate(dateInZone(d.now(), d.config.COMPANY_TIMEZONE), -90);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(since)) throw new UsageError(`--since ${since}: expected a date YYYY-MM-DD`);
    const db = await d.open();
    try {
      const rows = await cadenceStats(db.sql, since);
      if (values.json) d.out.write(`${toJson({ since, steps: rows })}\n`);
      else {
        d.out.write(`since ${since}\n${'policy'.padEnd(10)} ${'step'.padEnd(18)} ${'sent'.padStart(6)} ${'delivered'.padStart(9)} ${'opened'.padStart(7)} ${'clicked'.padStart(7)} ${'bounced'.padStart(7)} ${'paid≤7d'.padStart(8)} ${'replied'.padStart(7)} ${'reply%'.padStart(6)}\n`);
        for (const r of rows) {
          d.out.write(`${r.policy.padEnd(10)} ${r.step.padEnd(18)} ${String(r.emails_sent).padStart(6)} ${String(r.delivered).padStart(9)} ${String(r.opened).padStart(7)} ${String(r.clicked).padStart(7)} ${String(r.bounced).padStart(7)} ${`${r.paid_within_7_days}/${r.invoices_reminded}`.padStart(8)} ${String(r.replied).padStart(7)} ${r.reply_rate_percent.toFixed(1).padStart(6)}\n`);
        }
      }
      return exitCodes.ok;
    } finally {
      await db.close();
    }
  }
  throw new UsageError(sub === undefined ? 'name what to do: cadence run, preview or stats' : `unknown subcommand ${sub} for cadence (run, preview or stats)`);
}

/**
 * `arbot cadence test --to ADDRESS [--limit N] [--as-of ISO-8601] [--json]`: the next due emails of up to N invoices,
 * rendered as the customers would get them, sent to ADDRESS only, recorded nowhere. Flags are checked before the
 * database is opened, so a bad one costs nothing.
 */
async function cadenceTestCommand(args: string[], d: CommandDeps): Promise<number> {
  const { values } = parseFlags('cadence', args, { to: { type: 'string' }, limit: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } });
  const to = values.to as string | undefined;
  if (to === undefined) throw new UsageError('cadence test needs --to ADDRESS: the one address the test emails go to');
  const problem = testRecipientProblem(to);
  if (problem) throw new UsageError(`--to ${JSON.stringify(to)}: ${problem}`);
  const limit = parseLimit(values.limit as string | undefined);
  const now = parseAsOf(values['as-of'] as string | undefined, d.config.COMPANY_TIMEZONE, d.now);
  const db = await d.open();
  try {
    const report = await runCadenceTestBatch(await cadenceTestBatchDeps(d.config, db.sql, d.log), now, { to, limit });
    d.out.write(values.json ? `${toJson(report)}\n` : renderTestBatch(report));
    return report.failed > 0 ? exitCodes.failed : exitCodes.ok;
  } finally {
    await db.close();
  }
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return testBatchLimits.default;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= testBatchLimits.max)) throw new UsageError(`--limit ${text}: expected a whole number of invoices from 1 to ${testBatchLimits.max}`);
  return n;
}

function renderTestBatch(r: TestBatchReport): string {
  const lines = [`as of ${r.as_of}: test emails to ${r.to} only, through ${r.sender}; nothing recorded as sent`];
  for (const e of r.emails) {
    const flags = [
      e.would_wait_for_approval && 'would wait for approval', e.escalation_copied && 'real one copies the escalation contact',
      e.status !== 'sent' && `${e.status === 'in_doubt' ? 'in doubt' : 'NOT SENT'}: ${e.reason ?? ''}`,
    ].filter(Boolean).join('; ');
    lines.push(`  ${e.customer_external_id.padEnd(10)} ${e.customer_name.slice(0, 28).padEnd(28)} ${e.invoices.join(', ')}  ${e.policy}/${e.step} (${e.template}) ${e.language ?? '?'}${flags ? ` [${flags}]` : ''}`);
  }
  const approval = r.emails.filter((e) => e.would_wait_for_approval).length;
  const skipped = [r.outside_cohort > 0 && `${r.outside_cohort} outside the cohort`, r.too_large > 0 && `${r.too_large} with more invoices than the --limit left`].filter(Boolean).join(', ');
  lines.push(`${r.sent} of ${r.emails.length} test emails sent (${r.invoices} of at most ${r.limit} invoices); ${approval} would wait for approval; ${r.failed} not sent${skipped ? `; left out: ${skipped}` : ''}`);
  if (r.emails.length === 0) lines.push('nothing is due at this instant: try another --as-of');
  return `${lines.join('\n')}\n`;
}

function renderTick(r: TickReport): string {
  const lines = [`as of ${r.as_of}${r.dry_run ? ' (dry run: nothing claimed or sent)' : ''}`];
  for (const e of r.planned) {
    const total = e.invoices.map((i) => `${formatAmount(i.amountDueMinor, i.currency)} ${i.currency}`).join(', ');
    const flags = [!e.inCohort && 'outside cohort: not sent', e.step.requiresApproval && 'needs approval'].filter(Boolean).join('; ');
    const template = e.arm ? `${e.template}, ${e.arm}` : e.template;
    lines.push(`  ${e.customerExternalId.padEnd(10)} ${e.customerName.slice(0, 28).padEnd(28)} ${e.policy}/${e.step.key.padEnd(16)} ${e.invoices.map((i) => i.number).join(', ')} (${total}) ${template}${flags ? ` [${flags}]` : ''}`);
  }
  const paused = Object.entries(r.paused).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  if (r.planned_count > r.planned.length) lines.push(`  …and ${r.planned_count - r.planned.length} more (the list stops at ${r.planned.length})`);
  lines.push(`${r.considered} invoices considered; ${r.planned_count} emails due; paused: ${paused}`);
  if (!r.dry_run) {
    lines.push(`claimed ${r.claimed} (awaiting approval ${r.awaiting_approval}); sent ${r.sent}, retrying ${r.retried}, failed ${r.failed}, in doubt ${r.in_doubt}; promises kept ${r.promises.kept}, broken ${r.promises.broken}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `arbot policy list|show <name>|load <file.json>`. */
export async function policyCommand(args: string[], d: CommandDeps): Promise<number> {
  const [sub, name, extra] = args;
  if (!(sub === 'list' || ((sub === 'show' || sub === 'load') && name !== undefined))) {
    throw new UsageError(sub === 'show' || sub === 'load' ? `name the policy${sub === 'load' ? ' file' : ''}: arbot policy ${sub} ${sub === 'load' ? 'FILE.json' : 'NAME'}` : sub === undefined ? 'name what to do: policy list, show or load' : `unknown subcommand ${sub} for policy (list, show or load)`);
  }
  if (extra !== undefined || (sub === 'list' && name !== undefined)) throw new UsageError(`unexpected argument ${extra ?? name} for policy ${sub}`);
  const db = await d.open();
  try {
    if (sub === 'list' || sub === 'show') {
      const policies = await loadPolicies(db.sql);
      if (sub === 'list') {
        for (const p of policies.values()) d.out.write(`${p.name.padEnd(10)} ${p.steps.map(stepLabel).join('  ')}\n`);
        return exitCodes.ok;
      }
      const p = policies.get(name ?? '');
      if (!p) throw new UsageError(`no policy "${name ?? ''}"; policies: ${[...policies.keys()].join(', ')}`);
      d.out.write(renderPolicy(p));
      return exitCodes.ok;
    }
    if (sub === 'load' && name) {
      // A variant must name a template arbot has in every language: refused here, before anything is stored.
      const parsed = parsePolicy(JSON.parse(await readFile(resolve(d.cwd ?? process.cwd(), name), 'utf8')), { templateNames: emailTemplateNames() });
      if (!parsed.ok) {
        d.err.write(`${name}: ${parsed.error}\n`);
        return exitCodes.rejected;
      }
      await savePolicy(db.sql, parsed.policy, 'cli');
      d.out.write(renderPolicy(parsed.policy));
      return exitCodes.ok;
    }
    throw new UsageError(`unknown subcommand ${sub} for policy`);
  } finally {
    await db.close();
  }
}

const stepLabel = (s: CadencePolicy['steps'][number]) => `D${s.offsetDays >= 0 ? '+' : ''}${s.offsetDays} ${s.key}${s.requiresApproval ? '*' : ''}`;

function renderPolicy(p: CadencePolicy): string {
  const rows = p.steps.map((s) =>
    `  ${`D${s.offsetDays >= 0 ? '+' : ''}${s.offsetDays}`.padEnd(6)} ${s.key.padEnd(18)} template ${s.template.padEnd(13)}${s.ccEscalation ? ' cc escalation contact' : ''}${s.requiresApproval ? ' · needs an owner\'s approval' : ''}${s.variant ? ` · variant ${s.variant.template} for ${s.variant.sharePercent}% of customers` : ''}`);
  const gap = `  later steps wait ${p.minGapDays === null ? 'CADENCE_MIN_GAP_DAYS' : p.minGapDays} business day${p.minGapDays === 1 ? '' : 's'} after the previous email`;
  return `${p.name}: ${p.description}\n${rows.join('\n')}\n${gap}\n`;
}
