import { disputePageRoutes } from '../adapters/http/dispute-page.js';
import { statementPageRoutes } from '../adapters/http/statement-page.js';
import { portalPageRoutes } from '../adapters/http/portal-page.js';
import { portalPlanRequests } from './wire/portal-plans.js';
import { portalPlanProposals, withPortalLinks } from './wire/portal-plan-proposals.js';
import { postgresCustomerPortalStore } from '../adapters/postgres/customer-portal.js';
import { chartRoutes } from '../adapters/http/chart-routes.js';
import { postgresCustomerStatementStore } from '../adapters/postgres/customer-statement.js';
import { postgresPaymentMethodsStore } from '../adapters/postgres/payment-methods.js';
import { healthRoutes } from '../adapters/http/health.js';
import { metricsRoutes } from '../adapters/http/metrics-route.js';
import { prometheusMetrics } from '../adapters/metrics/prometheus.js';
import { importApiRoutes } from '../adapters/http/import-api.js';
import { kpiApiRoutes } from '../adapters/http/kpi-api.js';
import { creditApiRoutes } from '../adapters/http/credit-api.js';
import { postgresCreditCheckStore } from '../adapters/postgres/credit-views.js';
import { reportApiRoutes } from '../adapters/http/report-api.js';
import { sendgridWebhookRoutes } from '../adapters/http/sendgrid-webhook.js';
import { sendgridInboundRoutes } from '../adapters/http/sendgrid-inbound.js';
import { postgresInboundReplyStore } from '../adapters/postgres/inbound-replies.js';
import { postgresReplyMatchStore } from '../adapters/postgres/reply-matching.js';
import { createHttpServer } from '../adapters/http/server.js';
import { readMeta, writeMeta } from '../adapters/postgres/app-meta.js';
import type { Database } from '../adapters/postgres/connect.js';
import { postgresCustomerDisputeStore } from '../adapters/postgres/customer-disputes.js';
import { postgresEmailEventStore } from '../adapters/postgres/email-events.js';
import { postgresKpiStore } from '../adapters/postgres/kpi-store.js';
import { postgresReportStore } from '../adapters/postgres/report-store.js';
import { postgresImportStore } from '../adapters/postgres/ledger-import-store.js';
import { postgresLinkSecretStore } from '../adapters/postgres/link-secret.js';
import { migrate } from '../adapters/postgres/migrator.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { resolveLinkSecret } from './services/link-secret.js';
import { loadRoutingFacts } from '../adapters/postgres/chat-views-subjects.js';
import { rightsSettings } from './services/chat-actions/rights-settings.js';
import type { ChatCore } from './chat/chat-core.js';
import type { ChatMessages } from './ports/chat-messages.js';
import { slackAlertPublisher } from '../adapters/slack/slack-alert-publisher.js';
import { createSlackAdapter } from '../adapters/slack/slack-app.js';
import { slackSurface } from '../adapters/slack/slack-surface.js';
import { chatCoreOn } from './wire/chat-core.js';
import { customerPortalActions } from './wire/portal-actions.js';
import { postgresBounceReplyStore } from '../adapters/postgres/bounce-replies.js';
import { replyAnsweringOn } from './wire/reply-answering.js';
import { startTeams } from './wire/chat-platforms.js';
import { buildJobs, planDeps } from './wire/jobs.js';
import { cadenceSettings, emailSender } from './wire/cadence.js';
import { runJobsOnce, startScheduler } from './wire/scheduler.js';
import { createDemoClock, demoClockKey, type DemoClock } from '../adapters/local/demo-clock.js';
import { createLocalWorkspace } from '../adapters/local/local-workspace.js';
import { postgresLocalSlackStore } from '../adapters/postgres/local-slack-store.js';
import { localWorkspaceMode } from '../adapters/local/workspace-mode.js';
import { loadDemo, openMigratedDatabase } from './wire/database.js';

export { loadDemo, openMigratedDatabase };

export interface Running {
  readonly port: number;
  readonly db: Database;
  stop(): Promise<void>;
}

/** Opens the database (embedded unless DATABASE_URL) and brings the schema up to date. */
/** Wires adapters into services and starts the HTTP server. The only place that does so. */
export async function startServer(
  config: Config,
  log: Logger,
  opts: { db?: Database; now?: () => Date } = {},
): Promise<Running> {
  // The real time, unless the local workspace's demo clock is on (startLocal decides; it never is beside Slack/Teams).
  const clock = createDemoClock(opts.now ?? (() => new Date()));
  const now = clock.now;
  // A database handed in (tests) is migrated here but closed by its owner.
  const db = opts.db ?? (await openMigratedDatabase(config, log));
  if (opts.db) await migrate(db.sql);
  const closeDb = () => (opts.db ? Promise.resolve() : db.close());
  try {
    // The demo goes into a fresh embedded database only: never into a server the operator pointed us at, and never
    // beside rows imported before the first start (loadDemo refuses a ledger that is not empty).
    if (db.kind === 'embedded' && config.DEMO_LEDGER === 'auto' && (await readMeta(db.sql, 'first_start')) === undefined) {
      const demo = await loadDemo(db, config, now());
      log.info(demo.ok
        ? 'loaded the demo ledger (14 customers) into the new embedded database; set DEMO_LEDGER=off to skip'
        : 'the demo ledger was not loaded: the new embedded database already holds imported rows');
    }
    await writeMeta(db.sql, 'first_start', (await readMeta(db.sql, 'first_start')) ?? now().toISOString());

    const linkSecret = await resolveLinkSecret(config.LINK_SECRET, postgresLinkSecretStore(db.sql), log);
    const role = config.ROLE;
    const web = role !== 'worker';
    const metrics = prometheusMetrics(db.sql);
    // Plans proposed to customers ("Propose other dates"): answered on the portal, redrawn in chat once the core exists.
    const proposals = portalPlanProposals(planDeps(config, db.sql, emailSender(config, log, now), linkSecret.secret));
    // Every role answers health and metrics; a worker serves nothing else.
    const routes = [...healthRoutes(db.sql), ...metricsRoutes(metrics, config.METRICS_TOKEN)];
    if (web) routes.push(
      ...importApiRoutes({
        store: postgresImportStore(db.sql), apiToken: config.API_TOKEN,
        maxBodyBytes: config.API_MAX_BODY_BYTES, defaultTimezone: config.COMPANY_TIMEZONE, now,
      }),
      ...disputePageRoutes({ store: postgresCustomerDisputeStore(db.sql), secret: linkSecret.secret, publicBaseUrl: config.publicBaseUrl, now, log, trustProxy: config.TRUST_PROXY }),
      ...statementPageRoutes({
        store: postgresCustomerStatementStore(db.sql), secret: linkSecret.secret, publicBaseUrl: config.publicBaseUrl,
        linkTtlDays: config.DISPUTE_LINK_TTL_DAYS, now, log, trustProxy: config.TRUST_PROXY,
        payments: postgresPaymentMethodsStore(db.sql), bankChangeNoticeDays: config.BANK_CHANGE_NOTICE_DAYS,
      }),
      // The customer portal. Payment plans add `planRequests` here (src/ports/portal-plan-requests.ts).
      ...portalPageRoutes({
        store: postgresCustomerPortalStore(db.sql), secret: linkSecret.secret, publicBaseUrl: config.publicBaseUrl,
        disputeLinkTtlDays: config.DISPUTE_LINK_TTL_DAYS, promiseMaxDays: config.PROMISE_MAX_DAYS, now, log, trustProxy: config.TRUST_PROXY,
        planRequests: portalPlanRequests(planDeps(config, db.sql, emailSender(config, log, now))),
        planProposals: proposals.proposals,
        payments: postgresPaymentMethodsStore(db.sql), bankChangeNoticeDays: config.BANK_CHANGE_NOTICE_DAYS,
      }),
      ...chartRoutes({
        kpi: { store: postgresKpiStore(db.sql, config.COMPANY_TIMEZONE), zone: config.COMPANY_TIMEZONE, now },
        secret: linkSecret.secret, now, trustProxy: config.TRUST_PROXY,
      }),
      ...sendgridWebhookRoutes({ store: postgresEmailEventStore(db.sql), publicKey: config.SENDGRID_WEBHOOK_PUBLIC_KEY, now, log }),
      ...kpiApiRoutes({ store: postgresKpiStore(db.sql, config.COMPANY_TIMEZONE), apiToken: config.API_TOKEN, zone: config.COMPANY_TIMEZONE, now }),
      ...creditApiRoutes({ store: postgresCreditCheckStore(db.sql), apiToken: config.API_TOKEN, overdueDays: config.CREDIT_OVERDUE_DAYS, now }),
      ...reportApiRoutes({
        store: postgresReportStore(db.sql, config.COMPANY_TIMEZONE), kpis: postgresKpiStore(db.sql, config.COMPANY_TIMEZONE),
        apiToken: config.API_TOKEN, zone: config.COMPANY_TIMEZONE, now,
      }),
    );
    // One chat core for every surface of this process: an action on one redraws its subjects on all of them
    // (Sales on Slack, Delivery on Teams), each surface registering itself.
    const answers = replyAnsweringOn(config, db.sql, linkSecret.secret, emailSender(config, log, now), log, now);
    const { core, messages } = chatCoreOn(db.sql, {
      log, now, zone: config.COMPANY_TIMEZONE, rights: rightsSettings(config), answering: answers.answering,
      // Whether a reminder is still due to a customer (claimed late-payment charges' words) follows the cadence's settings.
      reach: cadenceSettings(config),
      // PUBLIC_BASE_URL as set (Slack and Teams load chart images from outside), or the local workspace's own address.
      charts: { publicBaseUrl: config.chartBaseUrl, secret: linkSecret.secret },
      portal: customerPortalActions(config, db.sql, emailSender(config, log, now), linkSecret.secret),
      // Payment plans' buttons (issue 20): their emails go out like the plan job's.
      plans: withPortalLinks(planDeps(config, db.sql, emailSender(config, log, now)), postgresCustomerPortalStore(db.sql), {
        publicBaseUrl: config.publicBaseUrl, secret: linkSecret.secret, ttlDays: config.PORTAL_LINK_TTL_DAYS,
      }),
    });
    answers.attach(core);
    proposals.attach(core);
    // A worker only posts to Slack: it neither receives requests nor opens a Socket Mode connection.
    const slack = await startSlack(web ? config : { ...config, SLACK_APP_TOKEN: undefined }, core, messages, log);
    if (slack) core.addSurface(slackSurface(slack.app.client, messages, 'slack'));
    if (slack && web) routes.push(...slack.routes);
    // The local workspace is one process's (its pages, Web API and clock): role all or web only.
    const local = web ? await startLocal(config, db, log, clock, Boolean(slack), core, messages) : null;
    if (local) core.addSurface(local.surface);
    if (local) routes.push(...local.routes);
    // After the local workspace: without SENDGRID_INBOUND_PUBLIC_KEY, its own key signs "Reply as the customer".
    if (web) routes.push(...sendgridInboundRoutes({
      store: postgresInboundReplyStore(db.sql), publicKey: config.SENDGRID_INBOUND_PUBLIC_KEY ?? local?.inboundPublicKey,
      matching: {
        store: postgresReplyMatchStore(db.sql), secret: linkSecret.secret,
        inboundDomain: config.INBOUND_DOMAIN, pauseDays: config.REPLY_PAUSE_DAYS,
        bounces: { store: postgresBounceReplyStore(db.sql), events: postgresEmailEventStore(db.sql) },
      },
      maxBytes: config.INBOUND_MAX_BYTES, maxAttachmentBytes: config.INBOUND_MAX_ATTACHMENT_BYTES, now, log,
    }));
    const teams = startTeams(config, db.sql, log, core, messages);
    if (teams) core.addSurface(teams.surface);
    if (teams && web) routes.push(...teams.routes);
    // Jobs are built (templates checked, policies loaded) before listening, so a bad template stops the start.
    const jobs = await buildJobs(config, db.sql, log, {
      linkSecret: linkSecret.secret, metrics, sender: emailSender(config, log, now),
      publisher: slack ? slackAlertPublisher(slack.app.client, messages, core.people) : null,
      channels: [...(local ? [local.alertChannel] : []), ...(teams ? [teams.alertChannel] : [])],
    });
    const http = createHttpServer(routes, log, metrics);
    const port = await http.listen(config.PORT, config.HOST);
    local?.listening(`http://${loopbackHost(config.HOST)}:${port}`);
    local?.attachJobs((at, only) => runJobsOnce(db.sql, jobs, at, log, 'local', only));
    const scheduled = config.SCHEDULER === 'on' && role !== 'web';
    if (!scheduled) log.info(role === 'web' ? 'scheduled jobs run in the worker processes (--role web)' : 'scheduled jobs are off (SCHEDULER=off)');
    const stopJobs = scheduled
      ? startScheduler(db.sql, jobs, config.COMPANY_TIMEZONE, log, clock.enabled() ? now : undefined)
      : async () => {};
    logSummary(config, db, port, log, local !== null);
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
async function startSlack(config: Config, core: ChatCore, messages: ChatMessages, log: Logger) {
  if (!config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) return null;
  return createSlackAdapter(
    {
      botToken: config.SLACK_BOT_TOKEN, signingSecret: config.SLACK_SIGNING_SECRET,
      ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
      ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    },
    { core, messages, log },
  );
}

/** The local workspace when LOCAL_WORKSPACE and the platforms allow it (adapters/local/workspace-mode.ts). */
async function startLocal(config: Config, db: Database, log: Logger, clock: DemoClock, slackOn: boolean, core: ChatCore, messages: ChatMessages) {
  const chatConfigured = slackOn || Boolean(config.MICROSOFT_APP_ID) || config.TEAMS_LOCAL === '1';
  const mode = localWorkspaceMode(config.LOCAL_WORKSPACE, {
    chatConfigured, embedded: db.kind === 'embedded', emailProvider: Boolean(config.SENDGRID_API_KEY),
    demoLedger: (await readMeta(db.sql, 'demo_ledger')) !== undefined,
  });
  if (!mode.served) return null;
  if (mode.clock) await clock.enable({ read: (key) => readMeta(db.sql, key), write: (key, value) => writeMeta(db.sql, key, value) });
  else if ((await readMeta(db.sql, demoClockKey)) !== undefined) log.warn(`a demo clock offset is stored in this database and ignored: ${mode.clockOff}; the server runs on the real time`);
  log.info(`local workspace: ${config.publicBaseUrl}${mode.atRoot ? '/' : '/local'} (no sign-in: act as any owner${mode.clock ? '; demo clock on' : ''}); LOCAL_WORKSPACE=off to turn it off`);
  return createLocalWorkspace({
    core, messages, routingFacts: (alert) => loadRoutingFacts(db.sql, alert), slackStore: postgresLocalSlackStore(db.sql),
    log, clock, mode, dataDir: config.DATA_DIR, sendgrid: Boolean(config.SENDGRID_API_KEY),
    inboundKeyConfigured: Boolean(config.SENDGRID_INBOUND_PUBLIC_KEY),
  });
}

/** How this process reaches its own server: loopback when it listens on every interface. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function logSummary(config: Config, db: Database, port: number, log: Logger, localWorkspace: boolean): void {
  const database = db.kind === 'embedded' ? `embedded Postgres in ${db.where} (single instance)` : `Postgres at ${db.where}`;
  log.info({ port, database }, `arbot is running on port ${port}, ${database}`);
  const roles = { all: 'HTTP and scheduled jobs', web: 'HTTP only; scheduled jobs run in worker processes', worker: 'scheduled jobs only; HTTP serves /healthz, /readyz and /metrics' };
  log.info(`role: ${config.ROLE} (${roles[config.ROLE]}); metrics at ${config.publicBaseUrl}/metrics${config.METRICS_TOKEN ? ' (bearer token)' : ''}`);
  if (config.ROLE !== 'all' && db.kind === 'embedded') log.warn('the embedded database belongs to this process: run web and worker roles on a DATABASE_URL server');
  log.info(`import API: ${config.API_TOKEN ? `POST ${config.publicBaseUrl}/api/v1/{owners,customers,invoices,payments,credit_notes,disputes}` : 'off (set API_TOKEN to enable)'}`);
  log.info(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET
    ? `Slack: on, ${config.SLACK_APP_TOKEN ? 'Socket Mode (SLACK_APP_TOKEN)' : `requests at ${config.publicBaseUrl}/slack/events`}; team channels sales=${config.SLACK_SALES_CHANNEL ?? 'unset'} delivery=${config.SLACK_DELIVERY_CHANNEL ?? 'unset'} finance=${config.SLACK_FINANCE_CHANNEL ?? 'unset'}`
    : `Slack: not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET); alerts ${localWorkspace ? 'go to the local workspace' : 'wait in the database'}`);
  log.info(config.MICROSOFT_APP_ID || config.TEAMS_LOCAL === '1'
    ? `Microsoft Teams: on${config.MICROSOFT_APP_ID ? '' : ' (TEAMS_LOCAL=1, unauthenticated, loopback only)'}, activities at ${config.publicBaseUrl}/api/messages; team conversations sales=${config.TEAMS_SALES_CONVERSATION ?? 'unset'} delivery=${config.TEAMS_DELIVERY_CONVERSATION ?? 'unset'} finance=${config.TEAMS_FINANCE_CONVERSATION ?? 'unset'}`
    : 'Microsoft Teams: not configured (set MICROSOFT_APP_ID, or TEAMS_LOCAL=1 for the Bot Framework Emulator)');
  log.info(config.SENDGRID_API_KEY
    ? `SendGrid: sending customer emails through ${config.SENDGRID_API_URL} from ${config.EMAIL_FROM ?? '(EMAIL_FROM unset)'}`
    : `SendGrid: not configured (set SENDGRID_API_KEY); customer emails go to the local outbox ${config.DATA_DIR}/outbox`);
  log.info(config.SENDGRID_WEBHOOK_PUBLIC_KEY ? 'SendGrid event webhook: POST /webhooks/sendgrid (signed)' : 'SendGrid event webhook: off (set SENDGRID_WEBHOOK_PUBLIC_KEY)');
  log.info(`email cadence: ${config.CADENCE_SCHEDULE} (${config.COMPANY_TIMEZONE}), cohort ${config.CADENCE_COHORT}`);
}
