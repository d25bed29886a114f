import { alertSubject, routeAlert, type RoutingFacts, type TeamChannels } from '../domain/alert-routing.js';
import type { SubjectRef } from '../domain/subject.js';
import type { AlertKind } from '../domain/alerts.js';
import type { AlertView } from '../views/alert-view.js';

export interface PendingAlert {
  readonly id: bigint;
  readonly kind: AlertKind;
  /** 1 is posted first; see alertPriority. */
  readonly priority: number;
  readonly attempts: number;
  readonly customer_id: bigint | null;
  readonly invoice_id: bigint | null;
  readonly dispute_id: bigint | null;
  readonly email_id: bigint | null;
  readonly reply_id: bigint | null;
  readonly details: unknown;
}

/** The durable queue of alerts: due ones (highest priority first, then oldest), and what became of each delivery. */
export interface AlertOutbox {
  due(now: Date, limit: number): Promise<PendingAlert[]>;
  delivered(id: bigint, now: Date): Promise<void>;
  retryLater(id: bigint, error: string, at: Date, dead: boolean): Promise<void>;
}

/** A chat platform: posts a subject's message to a channel, or updates it in place there. */
export interface ChatPublisher {
  readonly platform: string;
  publish(subject: SubjectRef, channel: string, view: AlertView, mention: bigint | null): Promise<void>;
}

/**
 * One chat platform alerts go to (Slack, Teams, the local workspace): how it posts, who of the alert's owners it
 * reaches and in which channels (an owner routed to another platform is left out by `routing`), and its team
 * channels.
 */
export interface AlertChannel {
  readonly publisher: ChatPublisher;
  readonly routing: (alert: PendingAlert) => Promise<RoutingFacts>;
  readonly teams: TeamChannels;
}

export interface DispatchDeps {
  readonly outbox: AlertOutbox;
  readonly view: (alert: PendingAlert, now: Date) => Promise<AlertView | null>;
  readonly platforms: readonly AlertChannel[];
  readonly maxAttempts: number;
}

export interface DispatchReport {
  delivered: number;
  retried: number;
  dead: number;
}

/** How many alerts one dispatch posts at most; the rest wait for the next run, most urgent first. */
export const dispatchBatch = 200;

/**
 * Posts due alerts to the channels they belong to, a batch at a time, most urgent first. Delivery is at least once and never lost: a failure (Slack
 * down, rate limited past the client's retries, a channel missing) leaves the alert queued with backoff, and only
 * after `maxAttempts` is it dead-lettered (kept, with its error, for a person). Posting twice is harmless: a
 * subject's message is updated in place, not duplicated.
 */
export async function dispatchAlerts(deps: DispatchDeps, now: Date): Promise<DispatchReport> {
  const report: DispatchReport = { delivered: 0, retried: 0, dead: 0 };
  for (const alert of await deps.outbox.due(now, dispatchBatch)) {
    try {
      const view = await deps.view(alert, now);
      if (view) {
        const subject = alertSubject(alert.kind, { alertId: alert.id, invoiceId: alert.invoice_id, disputeId: alert.dispute_id, emailId: alert.email_id, replyId: alert.reply_id });
        const routed = [];
        for (const p of deps.platforms) routed.push({ p, targets: routeAlert(alert.kind, await p.routing(alert), p.teams) });
        if (routed.every((r) => r.targets.length === 0)) {
          const names = deps.platforms.map((p) => p.publisher.platform).join(' or ');
          throw new Error(`no ${names} channel for ${alert.kind}: set the owner's channel or a team channel`);
        }
        // A retry posts again everywhere: harmless, since a subject's message is updated in place.
        for (const { p, targets } of routed) for (const t of targets) await p.publisher.publish(subject, t.channel, view, t.mention);
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
