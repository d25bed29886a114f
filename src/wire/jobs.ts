import type { SubjectRef } from '../domain/subject.js';
import type { Sql } from '../../adapters/postgres/connect.js';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { postgresAlertProducers } from '../../adapters/postgres/alert-producers.js';
import { loadAlertView } from '../../adapters/postgres/chat-views-alerts.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import type { AlertChannel, ChatPublisher, DispatchDeps, PendingAlert } from '../services/dispatch-alerts.js';
import { alertsJob } from '../../jobs/alerts.js';
import { approvalRemindersJob } from '../../jobs/approval-reminders.js';
import { cadenceTickJob } from '../../jobs/cadence-tick.js';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReviewJob } from '../../jobs/monthly-review.js';
import { postgresMonthlyReviewStore } from '../../adapters/postgres/monthly-review-store.js';
import { postgresReportStore } from '../../adapters/postgres/report-store.js';
import { slaJob } from '../../jobs/sla.js';
import { refreshCardsJob } from '../../jobs/refresh-cards.js';
import { replyAnswersJob } from '../../jobs/reply-answers.js';
import { paymentPlansJob } from '../../jobs/payment-plans.js';
import { monthlyStatementsJob } from '../../jobs/monthly-statements.js';
import { postgresMonthlyStatementStore } from '../../adapters/postgres/monthly-statements.js';
import { statementDeps } from './statement.js';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { postgresChatMessages } from '../../adapters/postgres/chat-messages.js';
import { answerSendDeps } from './reply-answering.js';
import { resolveLinkSecret } from '../services/link-secret.js';
import { postgresLinkSecretStore } from '../../adapters/postgres/link-secret.js';
import { postgresCardRefreshStore } from '../../adapters/postgres/card-refresh-store.js';
import { viewOfSubject } from '../../adapters/postgres/chat-views-alerts.js';
import { raiseApprovalReminders } from '../../adapters/postgres/approval-reminders.js';
import { escalateDisputes } from '../../adapters/postgres/alert-producers.js';
import { postgresDigestStore } from '../../adapters/postgres/digest-store.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import type { Job } from '../../jobs/job.js';
import type { PlanDeps } from '../services/payment-plans.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { EmailSender } from '../ports/email-sender.js';
import { cadenceDeps, emailSender } from './cadence.js';
import { measuredJob, measuredPublisher, measuredSender } from '../../adapters/metrics/measured.js';
import { noMetrics, type Metrics } from '../ports/metrics.js';
import type { LinkSecret } from '../domain/signed-id-token.js';
import { postgresCustomerPortalStore } from '../../adapters/postgres/customer-portal.js';
import { withPortalLinks } from './portal-plan-proposals.js';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { paymentDetailsLookup } from '../services/payment-methods.js';

export interface JobWithDeps {
  readonly job: Job<unknown>;
  readonly deps: unknown;
}

/** Every scheduled job in the order `jobs run all` runs them, with its dependencies built from configuration. */
export async function buildJobs(
  config: Config, sql: Sql, log: Logger,
  overrides: {
    sender?: EmailSender; linkSecret?: Buffer; publisher?: ChatPublisher | null; channels?: readonly AlertChannel[];
    /** Counts emails, chat posts and job runs for GET /metrics. */
    metrics?: Metrics;
  } = {},
): Promise<JobWithDeps[]> {
  const metrics = overrides.metrics ?? noMetrics;
  const publisher = overrides.publisher ?? null;
  const zone = config.COMPANY_TIMEZONE;
  const platforms: AlertChannel[] = [
    ...(publisher ? [{
      publisher,
      routing: (alert: PendingAlert) => loadRoutingFacts(sql, alert),
      teams: { sales: config.SLACK_SALES_CHANNEL ?? null, delivery: config.SLACK_DELIVERY_CHANNEL ?? null, finance: config.SLACK_FINANCE_CHANNEL ?? null },
    }] : []),
    ...(overrides.channels ?? []),
  ].map((p) => ({ ...p, publisher: measuredPublisher(p.publisher, metrics) }));
  const dispatch: DispatchDeps | null = platforms.length === 0 ? null : {
    outbox: postgresAlertOutbox(sql),
    view: (alert, now) => loadAlertView(sql, alert, now, zone),
    platforms,
    maxAttempts: 10,
  };
  const kpi = { store: postgresKpiStore(sql, zone), zone, now: () => new Date() };
  const [alerts, sla, reminders, tick, digest, cards, answers, review, plans, statements] = scheduledJobs(config);
  const sender = measuredSender(overrides.sender ?? emailSender(config, log), metrics);
  const linkSecret = overrides.linkSecret ?? (await resolveLinkSecret(config.LINK_SECRET, postgresLinkSecretStore(sql), log)).secret;
  const view = (subject: SubjectRef, now: Date) => viewOfSubject(sql, subject, now, zone);
  return [
    {
      job: alerts as Job<unknown>,
      deps: { producers: postgresAlertProducers(sql), settings: { deliveryAfterDays: config.DELIVERY_ALERT_DAYS, incompleteHorizonDays: 14, creditNoteWaitDays: config.CREDIT_NOTE_WAIT_DAYS, creditOverdueDays: config.CREDIT_OVERDUE_DAYS }, dispatch },
    },
    { job: sla as Job<unknown>, deps: { escalate: (now: Date, hours: number) => escalateDisputes(sql, now, hours), dispatch } },
    {
      job: reminders as Job<unknown>,
      deps: { remind: (now: Date, hours: number) => raiseApprovalReminders(sql, now, hours), delayHours: config.APPROVAL_REMINDER_HOURS, dispatch },
    },
    { job: tick as Job<unknown>, deps: await cadenceDeps(config, sql, log, sender, linkSecret) },
    { job: digest as Job<unknown>, deps: { digest: { kpi, store: postgresDigestStore(sql), charts: { publicBaseUrl: config.chartBaseUrl, secret: linkSecret } }, dispatch } },
    {
      job: cards as Job<unknown>,
      deps: {
        store: postgresCardRefreshStore(sql, zone), view,
        publishers: platforms.map((p) => p.publisher), batch: 500,
      },
    },
    {
      job: answers as Job<unknown>,
      deps: {
        send: answerSendDeps(config, sql, sender),
        redraw: platforms.length === 0 ? null : { messages: postgresChatMessages(sql), view, publishers: platforms.map((p) => p.publisher) },
      },
    },
    {
      job: review as Job<unknown>,
      deps: { review: { reports: { store: postgresReportStore(sql, zone), kpis: kpi.store, zone }, store: postgresMonthlyReviewStore(sql) }, dispatch },
    },
    { job: plans as Job<unknown>, deps: planDeps(config, sql, sender, linkSecret) },
    {
      job: statements as Job<unknown>,
      deps: {
        store: postgresMonthlyStatementStore(sql), statement: statementDeps(config, sql, sender, linkSecret),
        sendHour: config.CADENCE_SEND_HOUR, sendUntil: config.CADENCE_SEND_UNTIL,
      },
    },
  ].map((j) => ({ ...j, job: measuredJob(j.job, metrics) }));
}

/** Every job with its schedule, in the order `jobs run all` runs them. */
function scheduledJobs(config: Config) {
  return [
    alertsJob(config.ALERTS_SCHEDULE),
    slaJob(config.SLA_SCHEDULE),
    approvalRemindersJob(config.APPROVAL_REMINDER_SCHEDULE),
    cadenceTickJob(config.CADENCE_SCHEDULE),
    digestJob(config.DIGEST_SCHEDULE),
    refreshCardsJob(config.CARDS_REFRESH_SCHEDULE),
    replyAnswersJob(config.ANSWERS_SCHEDULE),
    monthlyReviewJob(config.REVIEW_SCHEDULE),
    paymentPlansJob(config.CADENCE_SCHEDULE),
    monthlyStatementsJob(config.STATEMENT_SCHEDULE),
  ] as const;
}

/**
 * The payment plans' service as configured (issue 20): its own emails go through the reminders' sender, say how to
 * pay and, given the link secret, link the customer's portal (as every reminder does).
 */
export function planDeps(config: Config, sql: Sql, sender: EmailSender, linkSecret?: LinkSecret): PlanDeps {
  const deps: PlanDeps = {
    store: postgresPaymentPlanStore(sql), sender, render: buildPlanEmail,
    settings: {
      graceDays: config.PLAN_GRACE_DAYS, reminderDays: config.PLAN_REMINDER_DAYS, sendHour: config.CADENCE_SEND_HOUR,
      sendUntil: config.CADENCE_SEND_UNTIL, from: { email: config.EMAIL_FROM ?? 'billing@localhost', name: config.EMAIL_FROM_NAME },
    },
    // "How to pay" in plan emails, from the same details as reminders and statements.
    payments: { detailsOf: () => paymentDetailsLookup(postgresPaymentMethodsStore(sql)), noticeDays: config.BANK_CHANGE_NOTICE_DAYS },
  };
  return linkSecret === undefined ? deps : withPortalLinks(deps, postgresCustomerPortalStore(sql), {
    publicBaseUrl: config.publicBaseUrl, secret: linkSecret, ttlDays: config.PORTAL_LINK_TTL_DAYS,
  });
}

/** Job names without building anything, for `arbot jobs list`. */
export function jobNames(config: Config): string[] {
  return scheduledJobs(config).map((j) => j.name);
}
