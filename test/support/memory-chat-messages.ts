import { parseSubjectKey, subjectKey, type SubjectRef } from '../../src/domain/subject.js';
import type { ChatMessages, PostedMessage } from '../../src/ports/chat-messages.js';

/**
 * The chat_messages port in memory, with the same rules as adapters/postgres/chat-messages.ts: one message per
 * subject per channel (a new one replaces it, thread included), listed in the order first posted. For tests of a
 * surface's posting logic, which read back what it remembered (the Postgres side has its own tests).
 */
export interface MemoryChatMessages extends ChatMessages {
  readonly rows: readonly (PostedMessage & { readonly platform: string; readonly subject: string })[];
}

export function memoryChatMessages(): MemoryChatMessages {
  const rows: (PostedMessage & { platform: string; subject: string })[] = [];
  const find = (platform: string, subject: SubjectRef, channel: string) =>
    rows.find((r) => r.platform === platform && r.subject === subjectKey(subject) && r.channel === channel);
  return {
    rows,
    async messagesOf(platform, subject) {
      return rows.filter((r) => r.platform === platform && r.subject === subjectKey(subject)).map(({ channel, ref, thread }) => ({ channel, ref, thread }));
    },
    async messageIn(platform, subject, channel) {
      return find(platform, subject, channel)?.ref ?? null;
    },
    async remember(platform, subject, channel, ref, thread = null) {
      const row = find(platform, subject, channel);
      if (row) Object.assign(row, { ref, thread });
      else rows.push({ platform, subject: subjectKey(subject), channel, ref, thread });
    },
    async subjectOf(platform, channel, ref) {
      const row = rows.find((r) => r.platform === platform && r.channel === channel && r.ref === ref);
      return row ? parseSubjectKey(row.subject) : null;
    },
  };
}
