import { buildAnswerEmail } from '../../blocks/email/answer-email.js';
import type { Sql } from '../../adapters/postgres/connect.js';
import { postgresReplyAnswerStore } from '../../adapters/postgres/reply-answers.js';
import type { Config } from '../config.js';
import type { LinkSecret } from '../domain/signed-id-token.js';
import { subject } from '../domain/subject.js';
import type { Logger } from '../log.js';
import type { EmailSender } from '../ports/email-sender.js';
import { queueReplyAnswer, sendQueuedAnswers, type AnswerMailSettings, type SendAnswersDeps } from '../services/answer-reply.js';
import type { ReplyAnswering } from '../services/chat-actions/reply-actions.js';
import type { ChatCore } from '../chat/chat-core.js';

const fromOf = (config: Config) => ({ email: config.EMAIL_FROM ?? 'billing@localhost', name: config.EMAIL_FROM_NAME });

export function answerMailSettings(config: Config, linkSecret: LinkSecret): AnswerMailSettings {
  return { from: fromOf(config), inboundDomain: config.INBOUND_DOMAIN, linkSecret };
}

/** What sending queued answers needs: the same sender as reminders, and the answer renderer of blocks/email. */
export function answerSendDeps(config: Config, sql: Sql, sender: EmailSender): SendAnswersDeps {
  return { store: postgresReplyAnswerStore(sql), sender, render: buildAnswerEmail, from: fromOf(config) };
}

/**
 * Answers from chat in a process with a chat core: queued by the action, then sent at once in the background (one
 * run at a time; the `reply-answers` job catches up on anything left) and the replies' cards redrawn on every
 * surface of this process. `attach` gives it the core once built (the core needs this first).
 */
export function replyAnsweringOn(
  config: Config, sql: Sql, linkSecret: LinkSecret, sender: EmailSender, log: Logger, now: () => Date,
): { answering: ReplyAnswering; attach(core: Pick<ChatCore, 'redraw'>): void; idle(): Promise<void> } {
  const store = postgresReplyAnswerStore(sql);
  const send = answerSendDeps(config, sql, sender);
  let core: Pick<ChatCore, 'redraw'> | null = null;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;
  const run = async (): Promise<void> => {
    do {
      again = false;
      const report = await sendQueuedAnswers(send, now());
      if (core && report.replyIds.length > 0) await core.redraw(report.replyIds.map((id) => subject('reply', id)), null, null);
    } while (again);
  };
  return {
    answering: {
      queue: (input) => queueReplyAnswer({ store, mail: answerMailSettings(config, linkSecret) }, input),
      kick() {
        if (busy) {
          again = true;
          return;
        }
        busy = true;
        running = run()
          .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'answers to customer replies not sent now; the reply-answers job retries'))
          .finally(() => { busy = false; });
      },
    },
    attach(c) {
      core = c;
    },
    idle: () => running,
  };
}
