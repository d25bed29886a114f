import { parseSubjectKey, subjectKey } from '../../src/domain/subject.js';
import type { CardRefreshStore, PostedCard } from '../../src/ports/card-refresh-store.js';
import { companyToday, remainingSql } from './chat-views-invoices.js';
import type { Sql } from './connect.js';

/** Posted cards whose content can change with time: unpaid invoices' overdue and delivery cards, open disputes'. */
export function postgresCardRefreshStore(sql: Sql, zone: string): CardRefreshStore {
  return {
    async openCards(now, limit) {
      const today = companyToday(now, zone);
      const rows = await sql<{ platform: string; subject_key: string; channel: string; view_hash: string | null }[]>`
        SELECT m.platform, m.subject_key, m.channel, m.view_hash FROM chat_messages m
        WHERE (m.subject_key ~ '^(invoice|delivery):[0-9]{1,18}$' AND EXISTS (
                 SELECT 1 FROM invoices i WHERE i.id = split_part(m.subject_key, ':', 2)::int8 AND ${remainingSql(sql, today)} > 0))
           OR (m.subject_key ~ '^dispute:[0-9]{1,18}$' AND EXISTS (
                 SELECT 1 FROM disputes d WHERE d.id = split_part(m.subject_key, ':', 2)::int8 AND d.closed_at IS NULL))
        ORDER BY m.view_checked_at NULLS FIRST, m.id LIMIT ${limit}`;
      return rows.flatMap((r): PostedCard[] => {
        const subject = parseSubjectKey(r.subject_key);
        return subject === null ? [] : [{ platform: r.platform, subject, channel: r.channel, viewHash: r.view_hash }];
      });
    },
    async checked(card, viewHash, now) {
      await sql`UPDATE chat_messages SET view_hash = ${viewHash}, view_checked_at = ${now}
        WHERE platform = ${card.platform} AND subject_key = ${subjectKey(card.subject)} AND channel = ${card.channel}`;
    },
  };
}
