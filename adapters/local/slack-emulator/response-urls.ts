import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { checkBlocks } from './block-kit-limits.js';
import { replaceMessage, storeMessage } from './chat-methods.js';
import { invalid, str, type Json, type MethodContext } from './emulator-types.js';

/** Where an interaction came from: response_url posts act there (Slack's "responding to interactions" rules). */
export interface ResponseContext {
  readonly channel?: string;
  /** Who sees ephemeral answers. */
  readonly userId?: string;
  /** The message the click was on, for replace_original and delete_original. */
  readonly messageTs?: string | null;
  readonly threadTs?: string | null;
  /**
   * The message a private (ephemeral) answer is shown under: the clicked card, or the card a clicked ephemeral
   * answered. Stored as the ephemeral's thread_ts, which the local channel page draws right below that card.
   */
  readonly anchorTs?: string | null;
}

/** An HTTP answer to a post on a response_url. */
export interface ResponseAnswer {
  readonly status: number;
  readonly body: Json;
}

const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).optional();
/** What a response_url post may carry (Bolt's respond() sends these); other fields are ignored, as Slack does. */
const responseBody = z.object({
  text: z.string().optional(),
  blocks: z.array(z.unknown()).optional(),
  attachments: z.array(z.unknown()).optional(),
  response_type: z.enum(['ephemeral', 'in_channel']).optional(),
  replace_original: flag,
  delete_original: flag,
  thread_ts: z.string().optional(),
});
type ResponseBody = z.infer<typeof responseBody>;

/** Slack lets a response_url be used five times within 30 minutes. */
const maxUses = 5;
const lifetimeMs = 30 * 60_000;

/** The live response URLs, by id (kept in memory: they live 30 minutes, and the instance that minted one answers it). */
export class ResponseUrls {
  private readonly live = new Map<string, ResponseContext & { uses: number; expires: number }>();

  mint(context: ResponseContext, id = randomBytes(12).toString('hex')): string {
    const t = Date.now();
    for (const [k, v] of this.live) if (v.expires < t) this.live.delete(k);
    this.live.set(id, { ...context, uses: 0, expires: t + lifetimeMs });
    return id;
  }

  has(id: string): boolean {
    return this.live.has(id);
  }

  clear(): void {
    this.live.clear();
  }

  /** What a post of `rawBody` to the URL `id` does and answers. */
  async post(c: MethodContext, id: string, rawBody: string): Promise<ResponseAnswer> {
    const context = this.live.get(id);
    if (!context || context.expires < Date.now()) return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (++context.uses > maxUses) return { status: 404, body: { ok: false, error: 'used_url' } };
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      json = null;
    }
    const parsed = responseBody.safeParse(json);
    if (!parsed.success) return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    const body = parsed.data;
    if (c.validateBlocks && body.blocks !== undefined) {
      const problems = checkBlocks(body.blocks, 'message');
      if (problems.length) return { status: 400, body: invalid('invalid_blocks', problems) };
    }
    await applyResponse(c, context, body);
    return { status: 200, body: { ok: true } };
  }
}

const yes = (v: unknown) => v === true || v === 'true';

/** What a response_url post does to the conversation it came from. */
async function applyResponse(c: MethodContext, context: ResponseContext, body: ResponseBody): Promise<void> {
  const { channel, messageTs } = context;
  if (!channel) return;
  if (yes(body.delete_original)) {
    if (messageTs) await c.store.deleteMessage(channel, messageTs, c.now());
    return;
  }
  if (yes(body.replace_original)) {
    // The new message replaces the original whole, ephemeral or not: the original is what the person clicked on.
    const original = messageTs ? await c.store.findMessage(channel, messageTs) : null;
    if (original) await replaceMessage(c, original, { text: body.text ?? '', blocks: body.blocks ?? null, attachments: body.attachments ?? null });
    return;
  }
  const inChannel = body.response_type === 'in_channel';
  const threadTs = str(body.thread_ts) ?? (inChannel ? context.threadTs : context.anchorTs ?? context.threadTs) ?? null;
  await storeMessage(c, channel, body, { threadTs, visibleTo: inChannel ? null : context.userId ?? '', via: 'response_url' });
}
