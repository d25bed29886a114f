import { randomBytes } from 'node:crypto';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);

const randomId = () => randomBytes(3).toString('base64url');

/**
 * Blocks as Slack stores them: a block without `block_id` and an interactive element without `action_id` get a
 * random one, so every click can name what was clicked (Slack does the same). Returns new objects.
 */
export function withSlackIds(blocks: readonly unknown[]): unknown[] {
  return blocks.map((b) => {
    const block = obj(b);
    if (!block) return b;
    const out: Json = { ...block, block_id: typeof block.block_id === 'string' && block.block_id !== '' ? block.block_id : randomId() };
    const element = (e: unknown) => {
      const o = obj(e);
      return o && typeof o.action_id !== 'string' && o.type !== 'image' && o.type !== 'mrkdwn' && o.type !== 'plain_text'
        ? { ...o, action_id: randomId() } : e;
    };
    if (block.type === 'actions' && Array.isArray(block.elements)) out.elements = block.elements.map(element);
    if (block.type === 'section' && block.accessory !== undefined) out.accessory = element(block.accessory);
    if (block.type === 'input' && block.element !== undefined) out.element = element(block.element);
    return out;
  });
}
