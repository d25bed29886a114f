import { sendQueuedAnswers, type SendAnswersDeps } from '../src/services/answer-reply.js';
import { redrawPosted, type RedrawPostedDeps } from '../src/services/redraw-posted.js';
import { subject } from '../src/domain/subject.js';
import type { Job } from './job.js';

export interface ReplyAnswersJobDeps {
  readonly send: SendAnswersDeps;
  /** Null: no chat platform in this process; the reply cards show the outcome at their next redraw. */
  readonly redraw: RedrawPostedDeps | null;
}

/**
 * Sends the answers people wrote to customers' replies in chat, and redraws those replies' cards with the outcome
 * (sent, not sent, may not have been sent). The chat process also sends at once after each answer; this catches up.
 */
export function replyAnswersJob(schedule: string): Job<ReplyAnswersJobDeps> {
  return {
    name: 'reply-answers',
    schedule,
    description: 'send the answers written in chat to customers\' replies, and show on each reply\'s card whether it went',
    async run(deps, now) {
      const report = await sendQueuedAnswers(deps.send, now);
      const redrawn = deps.redraw === null ? 0 : await redrawPosted(deps.redraw, report.replyIds.map((id) => subject('reply', id)), now);
      return { sent: report.sent, failed: report.failed, in_doubt: report.inDoubt, retried: report.retried, cards_redrawn: redrawn };
    },
  };
}
