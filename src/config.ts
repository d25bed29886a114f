import { isIP } from 'node:net';
import { z } from 'zod';
import { isTimeZone } from './domain/time-zone.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const trustProxyHelp = 'a number of proxy hops in front of arbot (1 for one reverse proxy), or a list of proxy addresses and CIDR ranges such as 10.0.0.0/8,::1';

/** One address or CIDR range: 10.0.0.0/8, 192.0.2.7, fd00::/8, ::1. */
function isAddressOrRange(v: string): boolean {
  const [addr, bits, extra] = v.split('/');
  const family = isIP(addr ?? '');
  if (family === 0 || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/** TRUST_PROXY as adapters/http/client-address.ts reads it: unset trusts nobody. */
const trustProxy = z.string().trim().default('').transform((v, ctx) => {
  if (v === '' || v === '0' || v === 'false') return null;
  if (/^\d{1,2}$/.test(v)) return { hops: Number(v) };
  const ranges = v.split(',').map((r) => r.trim()).filter((r) => r !== '');
  if (ranges.length > 0 && ranges.every(isAddressOrRange)) return { ranges };
  ctx.addIssue({ code: 'custom', message: trustProxyHelp });
  return z.NEVER;
});

const schema = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  PORT: z.coerce
    .number({ error: 'an integer from 0 to 65535' })
    .int('an integer from 0 to 65535')
    .min(0, 'an integer from 0 to 65535')
    .max(65535, 'an integer from 0 to 65535')
    .default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  COMPANY_TIMEZONE: z
    .string()
    .default('UTC')
    .refine(isTimeZone, 'an IANA time zone such as Europe/Paris'),
  API_TOKEN: optionalText.pipe(z.string().min(16, 'at least 16 characters').optional()),
  API_MAX_BODY_BYTES: z.coerce
    .number({ error: 'a whole number of bytes, at least 1024' })
    .int('a whole number of bytes, at least 1024')
    .min(1024, 'a whole number of bytes, at least 1024')
    .default(50 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_LEDGER: z.enum(['auto', 'off']).default('auto'),
  SCHEDULER: z.enum(['on', 'off']).default('on'),
  // What `arbot serve` runs (the --role flag wins): all, web (HTTP: chat, webhooks, API, pages) or worker (jobs).
  ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  // When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`; otherwise it is open.
  METRICS_TOKEN: optionalText,
  // Behind a reverse proxy: whose X-Forwarded-For names the client (rate limits of the dispute page).
  TRUST_PROXY: trustProxy,

  // Customer email cadence (see README "Email cadence").
  SENDGRID_API_KEY: optionalText,
  SENDGRID_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.sendgrid.com'),
  SENDGRID_WEBHOOK_PUBLIC_KEY: optionalText,
  // Customer replies (SendGrid Inbound Parse, POST /webhooks/sendgrid/inbound): the signature policy's public key
  // (unset: the route answers 503), the largest request accepted (SendGrid posts up to 30 MB), and the largest
  // attachment whose bytes are kept (larger ones are listed with their name and size only).
  SENDGRID_INBOUND_PUBLIC_KEY: optionalText,
  INBOUND_MAX_BYTES: z.coerce
    .number({ error: 'a whole number of bytes, at least 1024' })
    .int('a whole number of bytes, at least 1024')
    .min(1024, 'a whole number of bytes, at least 1024')
    .default(30 * 1024 * 1024),
  INBOUND_MAX_ATTACHMENT_BYTES: z.coerce
    .number({ error: 'a whole number of bytes (0 = keep no attachment content)' })
    .int('a whole number of bytes (0 = keep no attachment content)')
    .min(0, 'a whole number of bytes (0 = keep no attachment content)')
    .default(10 * 1024 * 1024),
  // Two-way email: with a domain whose MX points at SendGrid Inbound Parse, customer emails reply to
  // r+<signed token>@INBOUND_DOMAIN (unset: to the account manager), and a matched reply pauses reminders this long.
  INBOUND_DOMAIN: optionalText.pipe(z.string().toLowerCase().max(253, 'at most 253 characters')
    .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, 'a domain name such as reply.ar.example.com')
    .optional()),
  REPLY_PAUSE_DAYS: z.coerce.number().int().min(1, 'a whole number of days, at least 1').max(365, 'at most 365').default(5),
  EMAIL_FROM: optionalText.pipe(z.email('an email address such as billing@yourcompany.com').optional()),
  EMAIL_FROM_NAME: z.string().trim().default('Accounts receivable'),
  EMAIL_RATE_PER_SECOND: z.coerce
    .number({ error: 'a number of emails per second (0 = no limit)' })
    .min(0, 'a number of emails per second (0 = no limit)')
    .default(10),
  // Sends in flight at once; the rate above still caps emails per second.
  EMAIL_CONCURRENCY: z.coerce.number().int().min(1, 'a whole number, at least 1').max(64, 'at most 64').default(8),
  // Invoices listed in one reminder; the rest are summed up with a link to the customer's statement page.
  EMAIL_MAX_ROWS: z.coerce.number().int().min(1, 'a whole number, at least 1').max(100, 'at most 100 (larger emails get clipped by Gmail)').default(25),
  // Days after an approved change of bank details during which every email and the statement page say that the
  // details changed and to confirm them by phone before paying (payment-methods, migration 027).
  BANK_CHANGE_NOTICE_DAYS: z.coerce.number().int('a whole number of days').min(0, 'a whole number of days, 0 or more').max(3650).default(60),
  LINK_SECRET: optionalText.pipe(z.string().min(32, 'at least 32 characters').optional()),
  DISPUTE_LINK_TTL_DAYS: z.coerce.number().int().min(1, 'a whole number of days, at least 1').default(90),
  // How long a customer portal link (/p/<token>, in reminders and statements) works; rotating the customer's key revokes it sooner.
  PORTAL_LINK_TTL_DAYS: z.coerce.number().int().min(1, 'a whole number of days, at least 1').default(90),
  CADENCE_SCHEDULE: z.string().trim().default('*/15 * * * *'),
  CADENCE_SEND_HOUR: z.coerce
    .number({ error: 'an hour from 0 to 23' })
    .int('an hour from 0 to 23')
    .min(0, 'an hour from 0 to 23')
    .max(23, 'an hour from 0 to 23')
    .default(9),
  // Emails go out from CADENCE_SEND_HOUR until CADENCE_SEND_UNTIL (exclusive) in the customer's zone, catch-ups included.
  CADENCE_SEND_UNTIL: z.coerce
    .number({ error: 'an hour from 1 to 24' })
    .int('an hour from 1 to 24')
    .min(1, 'an hour from 1 to 24')
    .max(24, 'an hour from 1 to 24')
    .default(17),
  // A later step of an invoice waits this many business days after the previous email to the customer.
  CADENCE_MIN_GAP_DAYS: z.coerce.number().int('a whole number of business days').min(0, 'a whole number of business days').max(30, 'at most 30').default(5),
  CADENCE_MAX_LATE_DAYS: z.coerce.number().int().min(0, 'a whole number of days').default(5),
  CADENCE_COHORT: z
    .string()
    .trim()
    .default('all')
    .refine((v) => /^(all|none|segment:(top|standard|at_risk)(,(top|standard|at_risk))*|customers:[^,]+(,[^,]+)*)$/.test(v),
      'all, none, segment:<top|standard|at_risk>[,…] or customers:<external id>[,…]'),
  APPROVAL_THRESHOLDS: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^[A-Z]{3}=\d+(\.\d+)?(,[A-Z]{3}=\d+(\.\d+)?)*$/.test(v),
      'a list such as EUR=50000,USD=55000 (invoices at or above it need approval before escalation)'),
  ALERTS_SCHEDULE: z.string().trim().default('* * * * *'),
  // Answers written in chat to customers' replies are sent at once; this job catches up (retries, a restart).
  ANSWERS_SCHEDULE: z.string().trim().default('* * * * *'),
  DELIVERY_ALERT_DAYS: z.coerce.number().int().min(1, 'a whole number of days').default(10),
  // A dispute closed as "credit note issued" whose credit note is still not in the ledger this many days later:
  // finance and the account manager are told (its reminders stay paused until it arrives).
  CREDIT_NOTE_WAIT_DAYS: z.coerce.number().int('a whole number of days').min(1, 'a whole number of days, at least 1').default(10),
  // Credit limits (issue 19): the account manager and finance hear of a customer with an invoice more than this many
  // days overdue (once, until none is); the credit API says no new order past it.
  CREDIT_OVERDUE_DAYS: z.coerce.number().int('a whole number of days').min(1, 'a whole number of days, at least 1').default(60),
  SLA_SCHEDULE: z.string().trim().default('*/5 * * * *'),
  // Mondays at 08:00 in COMPANY_TIMEZONE.
  DIGEST_SCHEDULE: z.string().trim().default('0 8 * * 1'),
  // Weekdays at 07:00 in COMPANY_TIMEZONE: the job posts the previous month's review on the first business day only.
  REVIEW_SCHEDULE: z.string().trim().default('0 7 * * 1-5'),
  /** Redraws posted cards whose content changed with time (days overdue, last reminder); daily by default. */
  CARDS_REFRESH_SCHEDULE: z.string().trim().default('30 6 * * *'),
  APPROVAL_REMINDER_SCHEDULE: z.string().trim().default('*/15 * * * *'),
  APPROVAL_REMINDER_HOURS: z.coerce.number().int().min(1, 'a whole number of hours').default(24),
  // Slack (see README "Slack"): HTTP mode with the bot token and signing secret; Socket Mode with an app token too.
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().regex(/^xox[bp]-/, 'a bot token starting with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(z.string().regex(/^xapp-/, 'an app-level token starting with xapp-').optional()),
  SLACK_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SLACK_SALES_CHANNEL: optionalText,
  SLACK_DELIVERY_CHANNEL: optionalText,
  SLACK_FINANCE_CHANNEL: optionalText,
  PROMISE_GRACE_DAYS: z.coerce.number().int().min(0, 'a whole number of days').default(2),
  // The local workspace in the browser (see README "Local workspace"): auto = at / when no chat platform is
  // configured and the database is the embedded one; 1/on = also on a DATABASE_URL server, and under /local beside
  // Slack or Teams; 0/off = never.
  LOCAL_WORKSPACE: z.enum(['auto', 'on', 'off', '1', '0']).default('auto')
    .transform((v): 'auto' | 'on' | 'off' => (v === '1' ? 'on' : v === '0' ? 'off' : v)),
  // Microsoft Teams (see README "Microsoft Teams"): the bot's Azure registration; unset with TEAMS_LOCAL=1 is the
  // unauthenticated local mode for the Bot Framework Emulator and tests (loopback requests only).
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  TEAMS_LOCAL: z.enum(['0', '1']).default('0'),
  // Teams conversation ids (19:…@thread.tacv2) of the team channels, like SLACK_*_CHANNEL.
  TEAMS_SALES_CONVERSATION: optionalText,
  TEAMS_DELIVERY_CONVERSATION: optionalText,
  TEAMS_FINANCE_CONVERSATION: optionalText,
  // Rights (see README "Slack"): a pause longer than PAUSE_MAX_DAYS (or with no end date) and a promise more than
  // PROMISE_MAX_DAYS away wait for a finance approver; AR_LOOKUP=anyone lets people arbot does not know use /ar.
  // Both are only the defaults: `arbot policy terms load FILE.json` sets the days company-wide and per customer
  // segment, and its values win over these (`arbot policy terms show` says which is in force and from where).
  PAUSE_MAX_DAYS: z.coerce.number().int('a whole number of days').min(1, 'a whole number of days, at least 1').default(30),
  PROMISE_MAX_DAYS: z.coerce.number().int('a whole number of days').min(1, 'a whole number of days, at least 1').default(60),
  AR_LOOKUP: z.enum(['known', 'anyone']).default('known'),
  // Payment plans (see README "Payment plans"): an instalment still unpaid PLAN_GRACE_DAYS after its date breaks
  // the plan; the "due soon" reminder goes PLAN_REMINDER_DAYS business days before each instalment's date.
  PLAN_GRACE_DAYS: z.coerce.number().int('a whole number of days').min(0, 'a whole number of days').default(5),
  PLAN_REMINDER_DAYS: z.coerce.number().int('a whole number of days').min(0, 'a whole number of days').default(3),
  // Monthly statements per segment (`arbot policy statements`): hourly by default; each customer's statement goes out
  // on its business day of the month within CADENCE_SEND_HOUR..CADENCE_SEND_UNTIL in the customer's zone, once.
  STATEMENT_SCHEDULE: z.string().trim().default('0 * * * *'),
});

export type Config = Readonly<
  z.infer<typeof schema> & {
    /** Where users reach us; defaults to http://localhost:PORT. */
    publicBaseUrl: string;
    /**
     * Where chat images load charts from: PUBLIC_BASE_URL as set, since Slack and Teams fetch them from outside; with
     * no chat platform configured, the local workspace's own address (its browser loads them). Null: text only.
     */
    chartBaseUrl: string | null;
  }
>;

export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

/**
 * Parses the environment once. The only reader of process.env in arbot.
 * Throws ConfigError whose message is one line naming the variable and what it expected.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = env[name];
    const shown = isSecretName(name) ? '' : got === undefined ? ' (unset)' : ` (got "${maskUrlCredentials(got)}")`;
    throw new ConfigError(`${name}: expected ${describe(issue)}${shown}`);
  }
  const c = parsed.data;
  const publicBaseUrl = (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  const chatPlatform = Boolean(c.SLACK_BOT_TOKEN && c.SLACK_SIGNING_SECRET) || Boolean(c.MICROSOFT_APP_ID) || c.TEAMS_LOCAL === '1';
  // PORT 0 picks a port at listen: the address is not known here, so the workspace then shows charts as text.
  const workspaceOnly = !chatPlatform && c.LOCAL_WORKSPACE !== 'off' && c.PORT !== 0;
  return Object.freeze({
    ...c,
    publicBaseUrl,
    chartBaseUrl: c.PUBLIC_BASE_URL !== undefined ? publicBaseUrl : workspaceOnly ? publicBaseUrl : null,
  });
}

/** Variables whose value is never echoed, not even masked. */
const isSecretName = (name: string) => /TOKEN|SECRET|KEY|PASSWORD|DATABASE_URL/.test(name);

/**
 * Any `scheme://user:password@` in a value with the password masked, so an error about a URL never shows it.
 * @example maskUrlCredentials('ftp://u:SECRET@h') // 'ftp://u:***@h'
 */
export function maskUrlCredentials(value: string): string {
  return value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/?#@\s:]*):[^@/?#\s]*@/gi, '$1:***@');
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'an http(s) URL';
  return issue.message;
}
