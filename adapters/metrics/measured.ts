import type { Job } from '../../jobs/job.js';
import type { EmailSender } from '../../src/ports/email-sender.js';
import type { Metrics } from '../../src/ports/metrics.js';
import type { ChatPublisher } from '../../src/services/dispatch-alerts.js';

const outcomes = { sent: 'sent', retry: 'retry', rejected: 'failed', unknown: 'in_doubt' } as const;

/** The sender, counting each outcome (a throw counts as in doubt, as the cadence treats it). */
export function measuredSender(sender: EmailSender, metrics: Metrics): EmailSender {
  return {
    name: sender.name,
    async send(email) {
      try {
        const result = await sender.send(email);
        metrics.email(outcomes[result.outcome]);
        return result;
      } catch (err) {
        metrics.email('in_doubt');
        throw err;
      }
    },
  };
}

/** The chat publisher, counting posts and failures per platform. */
export function measuredPublisher(publisher: ChatPublisher, metrics: Metrics): ChatPublisher {
  return {
    platform: publisher.platform,
    async publish(subject, channel, view, mention) {
      try {
        await publisher.publish(subject, channel, view, mention);
        metrics.chatPost(publisher.platform, true);
      } catch (err) {
        metrics.chatPost(publisher.platform, false);
        throw err;
      }
    },
  };
}

/** The job, counting runs and timing them. */
export function measuredJob<D>(job: Job<D>, metrics: Metrics): Job<D> {
  return {
    ...job,
    async run(deps, now) {
      const started = performance.now();
      try {
        const detail = await job.run(deps, now);
        metrics.jobRun(job.name, 'done', (performance.now() - started) / 1000);
        return detail;
      } catch (err) {
        metrics.jobRun(job.name, 'failed', (performance.now() - started) / 1000);
        throw err;
      }
    },
  };
}
