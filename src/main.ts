import { disputePageRoutes } from '../adapters/http/dispute-page.js';
import { healthRoutes } from '../adapters/http/health.js';
import { importApiRoutes } from '../adapters/http/import-api.js';
import { kpiApiRoutes } from '../adapters/http/kpi-api.js';
import { sendgridWebhookRoutes } from '../adapters/http/sendgrid-webhook.js';
import { createHttpServer } from '../adapters/http/server.js';
import { readMeta, writeMeta } from '../adapters/postgres/app-meta.js';
import { openDatabase, type Database } from '../adapters/postgres/connect.js';
import { postgresCustomerDisputeStore } from '../adapters/postgres/customer-disputes.js';
import { postgresEmailEventStore } from '../adapters/postgres/email-events.js';
import { postgresKpiStore } from '../adapters/postgres/kpi-store.js';
import { postgresImportStore } from '../adapters/postgres/ledger-import-store.js';
import { postgresLinkSecretStore } from '../adapters/postgres/link-secret.js';
import { migrate } from '../adapters/postgres/migrator.js';
import { insertPromise } from '../adapters/postgres/promises.js';
import type { Config } from './config.js';
import { dateInZone } from './domain/calendar-date.js';
import type { Logger } from './log.js';
import { resolveLinkSecret } from './services/link-secret.js';
import { slackDeps } from '../adapters/slack/slack-context.js';
import { slackAlertPublisher } from '../adapters/slack/slack-alert-publisher.js';
import { createSlackAdapter } from '../adapters/slack/slack-app.js';
import { buildJobs } from './wire/jobs.js';
import { startScheduler } from './wire/scheduler.js';
import { loadDemoLedger } from './services/load-demo-ledger.js';

export interface Running {
  readonly port: number;
  readonly db: Database;
  stop(): Promise<void>;
}

/** Opens the database (embedded unless DATABASE_URL) and brings the schema up to date. */
export async function openMigratedDatabase(config: Config, log: Logger): Promise<Database> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const applied = await migrate(db.sql);
  if (applied.length > 0) log.info({ applied }, `applied ${applied.length} migration(s)`);
  return db;
}

/** Loads the demo ledger into `db` now, whatever it holds; marks it loaded. */
export async function loadDemo(db: Database, config: Config, now: Date): Promise<void> {
  const today = dateInZone(now, config.COMPANY_TIMEZONE);
  await loadDemoLedger(
    { store: postgresImportStore(db.sql), recordPromise: (p) => insertPromise(db.sql, p) },
    today,
    config.COMPANY_TIMEZONE,
  );
  await writeMeta(db.sql, 'demo_ledger', { loaded_at: now.toISOString(), as_of: today });
}

/** Wires adapters into services and starts the HTTP server. The only place that does so. */
export async function startServer(
  config: Config,
  log: Logger,
  opts: { db?: Database; now?: () => Date } = {},
): Promise<Running> {
  const now = opts.now ?? (() => new Date());
  // A database handed in (tests) is migrated here but closed by its owner.
  const db = opts.db ?? (await openMigratedDatabase(config, log));
  if (opts.db) await migrate(db.sql);
  const closeDb = () => (opts.db ? Promise.resolve() : db.close());
  try {
    // The demo goes into a fresh embedded database only: never into a server the operator pointed us at.
    if (db.kind === 'embedded' && config.DEMO_LEDGER === 'auto' && (await readMeta(db.sql, 'first_start')) === undefined) {
      await loadDemo(db, config, now());
      log.info('loaded the demo ledger (12 customers) into the new embedded database; set DEMO_LEDGER=off to skip');
    }
    await writeMeta(db.sql, 'first_start', (await readMeta(db.sql, 'first_start')) ?? now().toISOString());

    const linkSecret = await resolveLinkSecret(config.LINK_SECRET, postgresLinkSecretStore(db.sql), log);
    const routes = [
      ...healthRoutes(db.sql),
      ...importApiRoutes({
        store: postgresImportStore(db.sql), apiToken: config.API_TOKEN,
        maxBodyBytes: config.API_MAX_BODY_BYTES, defaultTimezone: config.COMPANY_TIMEZONE,
      }),
      ...disputePageRoutes({ store: postgresCustomerDisputeStore(db.sql), secret: linkSecret.secret, publicBaseUrl: config.publicBaseUrl, now, log }),
      ...sendgridWebhookRoutes({ store: postgresEmailEventStore(db.sql), publicKey: config.SENDGRID_WEBHOOK_PUBLIC_KEY, now, log }),
      ...kpiApiRoutes({ store: postgresKpiStore(db.sql, config.COMPANY_TIMEZONE), apiToken: config.API_TOKEN, zone: config.COMPANY_TIMEZONE, now }),
    ];
    const slack = await startSlack(config, db, log, now);
    if (slack) routes.push(...slack.routes);
    // Jobs are built (templates checked, policies loaded) before listening, so a bad template stops the start.
    const jobs = await buildJobs(config, db.sql, log, { linkSecret: linkSecret.secret, publisher: slack ? slackAlertPublisher(db.sql, slack.app.client) : null });
    const http = createHttpServer(routes, log);
    const port = await http.listen(config.PORT, config.HOST);
    const stopJobs = config.SCHEDULER === 'on'
      ? startScheduler(db.sql, jobs, config.COMPANY_TIMEZONE, log)
      : async () => log.info('scheduled jobs are off (SCHEDULER=off)');
    logSummary(config, db, port, log);
    return {
      port,
      db,
      async stop() {
        await http.close();
        await slack?.stop();
        await stopJobs();
        await closeDb();
      },
    };
  } catch (err) {
    await closeDb();
    throw err;
  }
}

/** The Slack adapter when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set; its token is checked now. */
async function startSlack(config: Config, db: Database, log: Logger, now: () => Date) {
  if (!config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) return null;
  const zone = config.COMPANY_TIMEZONE;
  const slack = await createSlackAdapter(
    {
      botToken: config.SLACK_BOT_TOKEN, signingSecret: config.SLACK_SIGNING_SECRET,
      ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
      ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    },
    slackDeps({ sql: db.sql, log, now, zone }),
  );
  return slack;
}

function logSummary(config: Config, db: Database, port: number, log: Logger): void {
  const database = db.kind === 'embedded' ? `embedded Postgres in ${db.where} (single instance)` : `Postgres at ${db.where}`;
  log.info({ port, database }, `arbot is running on port ${port}, ${database}`);
  log.info(`import API: ${config.API_TOKEN ? `POST ${config.publicBaseUrl}/api/v1/{owners,customers,invoices,payments,credit_notes,disputes}` : 'off (set API_TOKEN to enable)'}`);
  log.info(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET
    ? `Slack: on, ${config.SLACK_APP_TOKEN ? 'Socket Mode (SLACK_APP_TOKEN)' : `requests at ${config.publicBaseUrl}/slack/events`}; team channels sales=${config.SLACK_SALES_CHANNEL ?? 'unset'} delivery=${config.SLACK_DELIVERY_CHANNEL ?? 'unset'} finance=${config.SLACK_FINANCE_CHANNEL ?? 'unset'}`
    : 'Slack: not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET); alerts wait in the database');
  log.info('Microsoft Teams: not configured (coming with MICROSOFT_APP_ID)');
  log.info(config.SENDGRID_API_KEY
    ? `SendGrid: sending customer emails through ${config.SENDGRID_API_URL} from ${config.EMAIL_FROM ?? '(EMAIL_FROM unset)'}`
    : `SendGrid: not configured (set SENDGRID_API_KEY); customer emails go to the local outbox ${config.DATA_DIR}/outbox`);
  log.info(config.SENDGRID_WEBHOOK_PUBLIC_KEY ? 'SendGrid event webhook: POST /webhooks/sendgrid (signed)' : 'SendGrid event webhook: off (set SENDGRID_WEBHOOK_PUBLIC_KEY)');
  log.info(`email cadence: ${config.CADENCE_SCHEDULE} (${config.COMPANY_TIMEZONE}), cohort ${config.CADENCE_COHORT}`);
}
