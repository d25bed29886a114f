import { routeAlert, subjectKey, type RoutingFacts, type TeamChannels } from '../domain/alert-routing.js';
import type { AlertKind } from '../domain/alerts.js';
import type { AlertView } from '../views/alert-view.js';

export interface PendingAlert {
  readonly id: bigint;
  readonly kind: AlertKind;
  readonly attempts: number;
  readonly customer_id: bigint | null;
  readonly invoice_id: bigint | null;
  readonly dispute_id: bigint | null;
  readonly email_id: bigint | null;
  readonly details: unknown;
}

/** The durable queue of alerts: due ones, and what became of each delivery. */
export interface AlertOutbox {
  due(now: Date, limit: number): Promise<PendingAlert[]>;
  delivered(id: bigint, now: Date): Promise<void>;
  retryLater(id: bigint, error: string, at: Date, dead: boolean): Promise<void>;
}

/** A chat platform: posts a subject's message to a channel, or updates it in place there. */
export interface ChatPublisher {
  readonly platform: string;
  publish(subjectKey: string, channel: string, view: AlertView, mention: bigint | null): Promise<void>;
}

export interface DispatchDeps {
  readonly outbox: AlertOutbox;
  readonly publisher: ChatPublisher;
  readonly view: (alert: PendingAlert, now: Date) => Promise<AlertView | null>;
  readonly routing: (alert: PendingAlert) => Promise<RoutingFacts>;
  readonly teams: TeamChannels;
  readonly maxAttempts: number;
}

export interface DispatchReport {
  delivered: number;
  retried: number;
  dead: number;
}

/**
 * Posts every due alert to the channels it belongs to. Delivery is at least once and never lost: a failure (Slack
 * down, rate limited past the client's retries, a channel missing) leaves the alert queued with backoff, and only
 * after `maxAttempts` is it dead-lettered (kept, with its error, for a person). Posting twice is harmless: a
 * subject's message is updated in place, not duplicated.
 */
export async function dispatchAlerts(deps: DispatchDeps, now: Date): Promise<DispatchReport> {
  const report: DispatchReport = { delivered: 0, retried: 0, dead: 0 };
  for (const alert of await deps.outbox.due(now, 200)) {
    try {
      const view = await deps.view(alert, now);
      if (view) {
        const targets = routeAlert(alert.kind, await deps.routing(alert), deps.teams);
        if (targets.length === 0) throw new Error(`no ${deps.publisher.platform} channel for ${alert.kind}: set the owner's channel or a team channel`);
        const key = subjectKey(alert.kind, { alertId: alert.id, invoiceId: alert.invoice_id, disputeId: alert.dispute_id, emailId: alert.email_id });
        for (const t of targets) await deps.publisher.publish(key, t.channel, view, t.mention);
      }
      await deps.outbox.delivered(alert.id, now);
      report.delivered++;
    } catch (err) {
      const attempts = alert.attempts + 1;
      const dead = attempts >= deps.maxAttempts;
      const backoffMs = Math.min(3600_000, 30_000 * 2 ** (attempts - 1));
      await deps.outbox.retryLater(alert.id, (err as Error).message, new Date(now.getTime() + backoffMs), dead);
      if (dead) report.dead++;
      else report.retried++;
    }
  }
  return report;
}
