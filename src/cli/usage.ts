import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const exitCodes = { ok: 0, failed: 1, usage: 2, rejected: 3 } as const;

/** A command line arbot cannot read: one line on stderr, a pointer to the command's help, exit 2. */
export class UsageError extends Error {
  readonly code = 'usage';
}

/**
 * Each command's own usage, printed by `arbot <command> --help`; `arbot help` lists them all. A command missing here
 * is missing from the help, so a test holds this list equal to the commands runCli knows.
 */
export const commandUsage: Readonly<Record<string, string>> = {
  serve: `arbot serve [--role R]       start the server (embedded Postgres unless DATABASE_URL is set); R: all (default),
                               web (HTTP only, no scheduled jobs) or worker (scheduled jobs, health and metrics)`,
  migrate: 'arbot migrate                apply database migrations and exit',
  import: `arbot import [--owners F] [--customers F] [--invoices F] [--payments F]
               [--credit-notes F] [--disputes F] [--dry-run] [--json]
                               load an ERP export (CSV); exit 0 all rows accepted, 3 some rejected, 2 usage`,
  kpi: `arbot kpi [--as-of YYYY-MM-DD] [--currency XXX] [--segment S] [--json]
                               KPIs per currency as of a date (default: today in COMPANY_TIMEZONE)`,
  report: `arbot report dso|review|team|disputes|reminders [--as-of YYYY-MM-DD] [--month YYYY-MM]
               [--format table|json|csv]
                               a report as of a date (default today in COMPANY_TIMEZONE) over a month (default:
                               the last month ending on or before that date)`,
  cadence: `arbot cadence run|preview [--as-of ISO-8601] [--dry-run] [--json]
                               run the email cadence once (preview: plan only, nothing claimed or sent)
  arbot cadence test --to ADDRESS [--limit N] [--as-of ISO-8601] [--json]
                               send the next due emails of up to N invoices (default 20, max 100) as customers
                               would get them, subject [TEST], to ADDRESS only; records nothing as sent
  arbot cadence stats [--since YYYY-MM-DD] [--json]
                               emails sent, delivered, opened, clicked, bounced and paid per policy step`,
  policy: `arbot policy list            the cadence policies and their steps
  arbot policy show NAME       one policy in full
  arbot policy load FILE.json  add or replace a policy
  arbot policy plans [show|load FILE.json]
                               the payment plan bounds (JSON): max_instalments, max_months,
                               min_instalment_minor and approval_above_minor per currency
  arbot policy statements [show|load FILE.json]
                               the monthly statements (JSON), e.g. {"monthly": [{"segment": "top",
                               "business_day": 1}]}: the segments emailed a statement every month and on which
                               business day (none by default); exit 3 with FILE:LINE when the file is refused
  arbot policy terms [show|load FILE.json]
                               payment-term extensions (JSON), e.g. {"promise_max_days": 60, "pause_max_days": 30,
                               "segments": {"top": {"promise_max_days": 15}}}: how many days out a promise or a
                               pause may go without a finance approver, per segment (PROMISE_MAX_DAYS and
                               PAUSE_MAX_DAYS where it says nothing); show says where each value comes from and
                               who may extend; exit 3 with FILE:LINE when the file is refused`,
  jobs: `arbot jobs list              the scheduled jobs' names
  arbot jobs run NAME|all [--as-of ISO-8601] [--json]
                               run one job (or all) once, now or as of an instant`,
  fees: `arbot fees preview [--as-of YYYY-MM-DD] [--customer ID] [--json]
                               late-payment interest and fixed compensation the law allows per late invoice
                               (a proposal: nothing is charged, invoices and KPIs are unchanged)
  arbot fees export [--since YYYY-MM-DD] [--format csv|json] [--mark]
                               late-payment charges claimed in chat and not yet exported, one row per invoice, for
                               the ERP to invoice; --mark records them exported so the next export skips them
  arbot fees resolve CUSTOMER_ID --told|--not-told [--invoice NUMBER] [--by EMAIL]
                               claims whose reminder email ended in doubt: the customer was told (sent, exported
                               next) or not (claimed again, stated in the next email)
  arbot fees rates list|load FILE.csv
                               reference rates (columns series,valid_from,rate_bp); arbot never fetches them
  arbot fees rules list|load FILE.json
                               the late-fee rules: built-in eu, fr, de, uk, and custom ones`,
  'payment-methods': `arbot payment-methods list [--json]
                               bank details and accepted methods per currency in force, and changes pending
  arbot payment-methods load FILE.json [--by EMAIL] [--json]
                               check and load them; a change of existing details waits for a finance approver
                               in chat; exit 3 when the file is refused (nothing loaded)`,
  portal: 'arbot portal rotate CUSTOMER [--json]  revoke every customer portal link sent to CUSTOMER (external id) so far',
  statement: `arbot statement send CUSTOMER [--as-of ISO-8601] [--json]
                               email CUSTOMER's billing contacts every open invoice with the portal link (not a
                               cadence reminder); the monthly-statements job sends one every month to the segments
                               of arbot policy statements
  arbot statement claims [--as-of ISO-8601] [--json]
                               monthly statements claimed over an hour ago that no send names (a run stopped, or a
                               send in doubt): never sent again on their own; exit 1 when there is any
  arbot statement release CUSTOMER --month YYYY-MM [--by EMAIL] [--json]
                               after checking the provider's log: free that claim (audited) so the statement can go`,
  check: 'arbot check [--limit N] [--json] verify every ledger invariant and derived table against a rebuild; exit 0 clean, 1 violations (at most N listed per check, default 100)',
  demo: 'arbot demo                   load the built-in demo ledger into the configured database',
  help: 'arbot help [COMMAND]         this text, or one command\'s usage (also arbot COMMAND --help)',
  version: 'arbot --version              print arbot\'s version (also arbot version, arbot -v)',
};

export const usage = `arbot: collections chat-ops bot

Usage:
${Object.values(commandUsage).map((u) => `  ${u}`).join('\n')}

Configuration is read from the environment; see README.md.`;

/** `arbot <command> --help`: the command's lines of the usage. */
export function usageOf(command: string): string {
  return `Usage:\n  ${commandUsage[command]}\n\nConfiguration is read from the environment; see README.md.`;
}

/** The version of package.json (read once, when asked). */
export function arbotVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs in strict mode, its errors turned into one-line usage errors that name the command:
 * "unknown option --foo for import", "option --as-of needs a value".
 */
export function parseFlags<O extends Options>(command: string, args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (e) {
    throw new UsageError(flagProblem(command, e as Error & { code?: string }));
  }
}

function flagProblem(command: string, e: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? e.message} for ${command}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(e.message) ? `option ${option} needs a value` : `option ${option} takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(e.message)?.[1] ?? ''} for ${command}`;
    default:
      return e.message;
  }
}
