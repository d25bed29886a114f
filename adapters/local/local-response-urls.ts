import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { HttpError, readBody, sendJson } from '../http/respond.js';
import type { Route } from '../http/server.js';
import type { Sql } from '../postgres/connect.js';
import { withSlackIds } from './block-ids.js';
import { isFromThisMachine } from './http-kit.js';
import { localBot } from './local-directory.js';
import { deleteMessage, insertMessage } from './local-store.js';

/** Where an interaction came from: response_url posts act there (Slack's "responding to interactions" rules). */
export interface ResponseContext {
  readonly channel: string;
  readonly userId: string;
  /** The message the click was on, for replace_original and delete_original. */
  readonly messageTs: string | null;
  readonly threadTs: string | null;
  /**
   * The message a private (ephemeral) answer is shown under: the clicked card, or the card a clicked ephemeral
   * answered. Stored as the ephemeral's thread_ts, which the channel page draws right below that card.
   */
  readonly anchorTs?: string | null;
}

const body = z.object({
  text: z.string().optional(),
  blocks: z.array(z.unknown()).max(50).optional(),
  response_type: z.enum(['ephemeral', 'in_channel']).optional(),
  replace_original: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  delete_original: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  thread_ts: z.string().optional(),
});

/** Slack lets a response_url be used five times within 30 minutes. */
const maxUses = 5;
const lifetimeMs = 30 * 60_000;

/**
 * The response URLs of the local workspace: minted per interaction and kept in memory (they live 30 minutes, and
 * a click is answered by the instance that received it, which is the one whose Bolt app posts to it).
 */
export class LocalResponseUrls {
  private readonly live = new Map<string, ResponseContext & { uses: number; expires: number }>();

  constructor(private readonly sql: Sql, private readonly now: () => Date, private readonly origin: () => string) {}

  mint(context: ResponseContext): string {
    const id = randomBytes(12).toString('hex');
    const t = Date.now();
    for (const [k, v] of this.live) if (v.expires < t) this.live.delete(k);
    this.live.set(id, { ...context, uses: 0, expires: t + lifetimeMs });
    return `${this.origin()}/local/respond/${id}`;
  }

  routes(): Route[] {
    return [{
      method: 'POST',
      path: /^\/local\/respond\/(?<id>[0-9a-f]{24})$/,
      handler: async (req, res, params) => {
        if (!isFromThisMachine(req)) throw new HttpError(403, 'forbidden', 'response URLs answer arbot itself only');
        const context = this.live.get(params.id ?? '');
        if (!context || context.expires < Date.now()) throw new HttpError(404, 'expired_url', 'this response_url is unknown or expired');
        if (++context.uses > maxUses) throw new HttpError(404, 'used_url', 'this response_url was used five times already');
        let json: unknown;
        try {
          json = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8'));
        } catch {
          throw new HttpError(400, 'invalid_payload', 'the body is not JSON');
        }
        const parsed = body.safeParse(json);
        if (!parsed.success) throw new HttpError(400, 'invalid_payload', parsed.error.issues[0]?.message ?? 'invalid payload');
        await this.apply(context, parsed.data);
        sendJson(res, 200, { ok: true });
      },
    }];
  }

  private async apply(c: ResponseContext, b: z.infer<typeof body>): Promise<void> {
    const yes = (v: boolean | string | undefined) => v === true || v === 'true';
    const at = this.now();
    if (yes(b.delete_original)) {
      if (c.messageTs) await deleteMessage(this.sql, c.channel, c.messageTs, at);
      return;
    }
    const blocks = b.blocks ? withSlackIds(b.blocks) : null;
    const text = b.text ?? '';
    if (yes(b.replace_original) && c.messageTs) {
      // Replaces the message in place, ephemeral or not: the original is what the person clicked on.
      await this.sql`
        UPDATE local_messages SET text = ${text}, blocks = ${blocks === null ? null : this.sql.json(blocks as never)}, edited_at = ${at}
        WHERE channel = ${c.channel} AND ts = ${c.messageTs} AND deleted_at IS NULL`;
      return;
    }
    const inChannel = b.response_type === 'in_channel';
    const threadTs = b.thread_ts ?? (inChannel ? c.threadTs : c.anchorTs ?? c.threadTs);
    await insertMessage(this.sql, {
      channel: c.channel, threadTs, author: localBot.userId, text, blocks,
      visibleTo: inChannel ? null : c.userId, postedAt: at,
    });
  }
}
