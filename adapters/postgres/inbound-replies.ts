import type { InboundReply } from '../../src/domain/inbound-parse.js';
import type { InboundReplyStore, StoredReply } from '../../src/ports/inbound-replies.js';
import type { Sql } from './connect.js';

const bytes = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

async function insertOnce(tx: Sql, r: InboundReply): Promise<StoredReply> {
  const [row] = await tx<{ id: bigint }[]>`
    INSERT INTO inbound_replies (message_id, received_at, mode, from_address, to_address, subject, headers, text_body,
                                 html_body, spf, dkim, raw_size, raw_mime)
    VALUES (${r.messageId}, ${r.receivedAt}, ${r.mode}, ${r.fromAddress}, ${r.toAddress}, ${r.subject}, ${r.headers},
            ${r.textBody}, ${r.htmlBody}, ${r.spf}, ${r.dkim}, ${r.rawSize}, ${bytes(r.rawMime)})
    ON CONFLICT (message_id) DO NOTHING
    RETURNING id`;
  if (!row) {
    // A concurrent delivery of the same message waited on the unique index and committed first: read its id.
    const [prior] = await tx<{ id: bigint }[]>`SELECT id FROM inbound_replies WHERE message_id = ${r.messageId}`;
    return { id: prior!.id, inserted: false };
  }
  // One row per statement keeps each bytea parameter its own (unnest of a bytea[] would hold every file twice).
  for (const [i, a] of r.attachments.entries()) {
    await tx`
      INSERT INTO inbound_reply_attachments (reply_id, position, filename, content_type, size_bytes, content)
      VALUES (${row.id.toString()}::int8, ${i + 1}, ${a.filename}, ${a.contentType}, ${a.sizeBytes}, ${bytes(a.content)})`;
  }
  return { id: row.id, inserted: true };
}

/** inbound_replies and inbound_reply_attachments. */
export function postgresInboundReplyStore(sql: Sql): InboundReplyStore {
  return {
    insertOnce: async (reply) => (await sql.begin((tx) => insertOnce(tx as unknown as Sql, reply))) as StoredReply,
  };
}
