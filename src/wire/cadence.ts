import { join } from 'node:path';
import { loadEmailTemplates, type EmailTemplates } from '../../blocks/email/load-templates.js';
import { buildReminderEmail } from '../../blocks/email/reminder-email.js';
import { createOutboxSender } from '../../adapters/email/outbox-sender.js';
import { createSendGridSender } from '../../adapters/email/sendgrid-sender.js';
import { postgresCadenceStore } from '../../adapters/postgres/cadence-store.js';
import type { Sql } from '../../adapters/postgres/connect.js';
import { postgresLinkSecretStore } from '../../adapters/postgres/link-secret.js';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { postgresReminderFacts } from '../../adapters/postgres/reminder-facts.js';
import type { Config } from '../config.js';
import { parseCohort } from '../domain/cadence/cohort.js';
import { parseAmount } from '../domain/money.js';
import type { Logger } from '../log.js';
import type { EmailSender } from '../ports/email-sender.js';
import type { RenderReminder } from '../ports/reminder-templates.js';
import type { CadenceDeps, CadenceSettings } from '../services/cadence-tick.js';
import { resolveLinkSecret } from '../services/link-secret.js';
import type { TestBatchDeps } from '../services/cadence-test-batch.js';
import { createReminderContentRenderer, createReminderRenderer, type RendererOptions } from '../services/reminder-renderer.js';
import { paymentDetailsLookup, paymentDetailsSnapshot } from '../services/payment-methods.js';

/** APPROVAL_THRESHOLDS "EUR=50000,USD=55000" as minor units per currency. */
export function parseThresholds(text: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const part of text.split(',').filter(Boolean)) {
    const [currency, amount] = part.split('=') as [string, string];
    const parsed = parseAmount(amount, currency);
    if (!parsed.ok) throw new RangeError(`APPROVAL_THRESHOLDS: ${currency}: ${parsed.reason}`);
    out.set(currency, parsed.minor);
  }
  return out;
}

export function cadenceSettings(config: Config): CadenceSettings {
  return {
    sendHour: config.CADENCE_SEND_HOUR,
    sendUntil: config.CADENCE_SEND_UNTIL,
    minGapDays: config.CADENCE_MIN_GAP_DAYS,
    maxLateDays: config.CADENCE_MAX_LATE_DAYS,
    promiseGraceDays: config.PROMISE_GRACE_DAYS,
    cohort: parseCohort(config.CADENCE_COHORT),
    thresholds: parseThresholds(config.APPROVAL_THRESHOLDS),
    ratePerSecond: config.EMAIL_RATE_PER_SECOND,
    concurrency: config.EMAIL_CONCURRENCY,
    maxAttempts: 8,
    staleSendingMs: 10 * 60_000,
  };
}

/**
 * SendGrid when SENDGRID_API_KEY is set, else the local outbox under DATA_DIR, so the default works end to end.
 * `now` dates the outbox's emails (the server's clock: the demo clock when it is on, see adapters/local/demo-clock.ts).
 */
export function emailSender(config: Config, log: Logger, now?: () => Date): EmailSender {
  if (config.SENDGRID_API_KEY) {
    return createSendGridSender({
      apiKey: config.SENDGRID_API_KEY, baseUrl: config.SENDGRID_API_URL, retry: { maxAttempts: 4, maxWaitMs: 60_000 },
    });
  }
  return createOutboxSender({ dir: join(config.DATA_DIR, 'outbox'), log, ...(now ? { now } : {}) });
}

/** The reminder templates of blocks/email, loaded once, as the renderer's port. */
export function reminderTemplates(templates: EmailTemplates = loadEmailTemplates()): RenderReminder {
  return (content) => buildReminderEmail(content, templates);
}

/** The renderer's options from configuration: one home, so the tick and the test batch render alike. */
function rendererOptions(config: Config, linkSecret: Buffer, templates: EmailTemplates): RendererOptions {
  return {
    renderReminder: reminderTemplates(templates),
    from: { email: config.EMAIL_FROM ?? 'billing@localhost', name: config.EMAIL_FROM_NAME },
    publicBaseUrl: config.publicBaseUrl,
    linkSecret,
    linkTtlDays: config.DISPUTE_LINK_TTL_DAYS,
    portalLinkTtlDays: config.PORTAL_LINK_TTL_DAYS,
    maxRows: config.EMAIL_MAX_ROWS,
    inboundDomain: config.INBOUND_DOMAIN,
    bankChangeNoticeDays: config.BANK_CHANGE_NOTICE_DAYS,
  };
}

async function linkSecretOf(config: Config, sql: Sql, log: Logger, secret?: Buffer): Promise<Buffer> {
  return secret ?? (await resolveLinkSecret(config.LINK_SECRET, postgresLinkSecretStore(sql), log)).secret;
}

/**
 * The cadence store with the policies checked against the email templates loaded: a step variant naming a
 * template that is not there (in every language) is refused now, at start, and again at every tick's load, so a
 * policy changed in the database meanwhile stops the tick with a clear error before anything is claimed.
 */
async function checkedCadenceStore(sql: Sql, templates: EmailTemplates) {
  const store = postgresCadenceStore(sql, { templateNames: stepTemplateNames(templates) });
  await store.loadPolicies();
  return store;
}

/** Everything a cadence tick needs, from configuration and an open database. */
export async function cadenceDeps(config: Config, sql: Sql, log: Logger, sender?: EmailSender, secret?: Buffer): Promise<CadenceDeps> {
  const templates = loadEmailTemplates();
  const render = createReminderRenderer(rendererOptions(config, await linkSecretOf(config, sql, log, secret), templates));
  // The payment details in force, read at the start of each send: an approval takes effect from the next tick on.
  const payments = paymentDetailsSnapshot(postgresPaymentMethodsStore(sql));
  return {
    store: await checkedCadenceStore(sql, templates),
    sender: sender ?? emailSender(config, log),
    render: (email, now) => render(email, now, payments.lookup),
    prepareRender: payments.refresh,
    settings: cadenceSettings(config),
  };
}

/**
 * What `arbot cadence test` needs: the tick's store (read only: it plans, never claims), settings, renderer options
 * and sender, and a reader of the facts a claim would load.
 */
export async function cadenceTestBatchDeps(config: Config, sql: Sql, log: Logger, sender?: EmailSender, secret?: Buffer): Promise<TestBatchDeps> {
  const templates = loadEmailTemplates();
  const options = rendererOptions(config, await linkSecretOf(config, sql, log, secret), templates);
  const renderContent = createReminderContentRenderer(options);
  const payments = postgresPaymentMethodsStore(sql);
  return {
    store: await checkedCadenceStore(sql, templates),
    facts: postgresReminderFacts(sql),
    sender: sender ?? emailSender(config, log),
    renderContent: async (email, now) => renderContent(email, now, await paymentDetailsLookup(payments)),
    from: options.from,
    settings: cadenceSettings(config),
  };
}

/** The names of the email templates arbot ships (each in every language), for checking a policy before it is stored. */
export function emailTemplateNames(): readonly string[] {
  return stepTemplateNames(loadEmailTemplates());
}

/** Templates a policy step may send: every loaded one but the statement's (arbot statement send, not a step). */
function stepTemplateNames(templates: EmailTemplates): readonly string[] {
  return templates.names.filter((n) => n !== 'statement');
}
