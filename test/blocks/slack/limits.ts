// Walks any Block Kit JSON (a message, a modal, a home tab) and lists every Slack limit it breaks, with the path
// of the offending node, so a failing test says where: `blocks[3].elements[1].text.text: 81 > 75`. The limits are
// written out here from Slack's reference pages on purpose, not imported from blocks/slack, so a wrong constant
// in a builder cannot hide its own mistake. Lengths are UTF-16 code units (never fewer than Slack's characters).

export type Surface = 'message' | 'modal' | 'home';

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

class Checker {
  readonly problems: string[] = [];

  fail(path: string, rule: string): void {
    this.problems.push(`${path}: ${rule}`);
  }

  length(path: string, value: unknown, max: number, min = 1): void {
    if (typeof value !== 'string') return this.fail(path, `expected a string, got ${typeof value}`);
    if (value.length < min) this.fail(path, `empty (at least ${min})`);
    if (value.length > max) this.fail(path, `${value.length} > ${max}`);
  }

  text(path: string, t: unknown, max: number, only?: 'plain_text' | 'mrkdwn'): void {
    if (!isNode(t)) return this.fail(path, 'missing text object');
    if (t.type !== 'plain_text' && t.type !== 'mrkdwn') return this.fail(`${path}.type`, `unknown text type ${String(t.type)}`);
    if (only !== undefined && t.type !== only) this.fail(`${path}.type`, `must be ${only}`);
    if (t.type === 'plain_text' && 'verbatim' in t) this.fail(`${path}.verbatim`, 'only mrkdwn takes verbatim');
    this.length(`${path}.text`, t.text, max);
  }

  actionId(path: string, el: Node, seen: Set<string>): void {
    if (el.action_id === undefined) return;
    this.length(`${path}.action_id`, el.action_id, 255);
    if (seen.has(el.action_id as string)) this.fail(`${path}.action_id`, `duplicate ${String(el.action_id)} in one block`);
    seen.add(el.action_id as string);
  }

  element(path: string, el: unknown, seen: Set<string>): void {
    if (!isNode(el)) return this.fail(path, 'not an element');
    this.actionId(path, el, seen);
    switch (el.type) {
      case 'button':
        this.text(`${path}.text`, el.text, 75, 'plain_text');
        if (el.value !== undefined) this.length(`${path}.value`, el.value, 2000);
        if (el.url !== undefined) this.length(`${path}.url`, el.url, 3000);
        if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') this.fail(`${path}.style`, `bad style ${String(el.style)}`);
        if (el.action_id === undefined) this.fail(path, 'button without action_id');
        break;
      case 'static_select': {
        if (el.placeholder !== undefined) this.text(`${path}.placeholder`, el.placeholder, 150, 'plain_text');
        const options = arr(el.options);
        if (options.length < 1 || options.length > 100) this.fail(`${path}.options`, `${options.length} options (1 to 100)`);
        options.forEach((o, k) => this.option(`${path}.options[${k}]`, o));
        if (el.initial_option !== undefined && !options.some((o) => JSON.stringify(o) === JSON.stringify(el.initial_option))) {
          this.fail(`${path}.initial_option`, 'is not one of the options');
        }
        break;
      }
      case 'datepicker':
        if (el.placeholder !== undefined) this.text(`${path}.placeholder`, el.placeholder, 150, 'plain_text');
        if (el.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(el.initial_date))) this.fail(`${path}.initial_date`, 'not YYYY-MM-DD');
        break;
      case 'plain_text_input':
        if (el.placeholder !== undefined) this.text(`${path}.placeholder`, el.placeholder, 150, 'plain_text');
        if (typeof el.max_length === 'number' && (el.max_length < 1 || el.max_length > 3000)) this.fail(`${path}.max_length`, `${el.max_length} not in 1..3000`);
        if (typeof el.initial_value === 'string' && typeof el.max_length === 'number' && el.initial_value.length > el.max_length) this.fail(`${path}.initial_value`, 'longer than max_length');
        break;
      default:
        this.fail(`${path}.type`, `element type ${String(el.type)} not checked by limits.ts`);
    }
  }

  option(path: string, o: unknown): void {
    if (!isNode(o)) return this.fail(path, 'not an option');
    this.text(`${path}.text`, o.text, 75);
    this.length(`${path}.value`, o.value, 150);
  }

  block(path: string, b: unknown, surface: Surface): void {
    if (!isNode(b)) return this.fail(path, 'not a block');
    if (b.block_id !== undefined) this.length(`${path}.block_id`, b.block_id, 255);
    const seen = new Set<string>();
    switch (b.type) {
      case 'header':
        this.text(`${path}.text`, b.text, 150, 'plain_text');
        break;
      case 'section': {
        if (b.text === undefined && b.fields === undefined) this.fail(path, 'section needs text or fields');
        if (b.text !== undefined) this.text(`${path}.text`, b.text, 3000);
        const fields = arr(b.fields);
        if (b.fields !== undefined && (fields.length < 1 || fields.length > 10)) this.fail(`${path}.fields`, `${fields.length} fields (1 to 10)`);
        fields.forEach((f, k) => this.text(`${path}.fields[${k}]`, f, 2000));
        if (b.accessory !== undefined) this.element(`${path}.accessory`, b.accessory, seen);
        break;
      }
      case 'context': {
        const elements = arr(b.elements);
        if (elements.length < 1 || elements.length > 10) this.fail(`${path}.elements`, `${elements.length} elements (1 to 10)`);
        elements.forEach((e, k) => this.text(`${path}.elements[${k}]`, e, 3000));
        break;
      }
      case 'actions': {
        const elements = arr(b.elements);
        if (elements.length < 1 || elements.length > 25) this.fail(`${path}.elements`, `${elements.length} elements (1 to 25)`);
        elements.forEach((e, k) => this.element(`${path}.elements[${k}]`, e, seen));
        break;
      }
      case 'input':
        if (surface === 'message') this.fail(path, 'input blocks cannot be posted in messages');
        this.text(`${path}.label`, b.label, 2000, 'plain_text');
        if (b.hint !== undefined) this.text(`${path}.hint`, b.hint, 2000, 'plain_text');
        this.element(`${path}.element`, b.element, seen);
        if (!isNode(b.element) || b.element.action_id === undefined) this.fail(`${path}.element`, 'input element without action_id');
        break;
      case 'divider':
        break;
      case 'image':
        // https://docs.slack.dev/reference/block-kit/blocks/image-block: a public image_url (≤ 3,000) Slack fetches
        // itself, alt_text (≤ 2,000, required: what a screen reader says), an optional plain_text title (≤ 2,000).
        this.length(`${path}.image_url`, b.image_url, 3000);
        if (typeof b.image_url === 'string' && !/^https?:\/\/[^/\s]+/.test(b.image_url)) this.fail(`${path}.image_url`, 'not an http(s) URL');
        this.length(`${path}.alt_text`, b.alt_text, 2000);
        if (b.title !== undefined) this.text(`${path}.title`, b.title, 2000, 'plain_text');
        break;
      case 'rich_text': {
        // Text shown exactly as typed: sections or quotes of text elements, which Slack never parses.
        const elements = arr(b.elements);
        if (elements.length < 1) this.fail(`${path}.elements`, 'rich_text needs elements');
        elements.forEach((e, k) => {
          if (!isNode(e) || !['rich_text_section', 'rich_text_quote', 'rich_text_preformatted'].includes(String(e.type))) {
            return this.fail(`${path}.elements[${k}]`, 'unknown rich text element');
          }
          arr(e.elements).forEach((r, j) => {
            if (!isNode(r) || r.type !== 'text') return this.fail(`${path}.elements[${k}].elements[${j}]`, 'only text runs are checked');
            this.length(`${path}.elements[${k}].elements[${j}].text`, r.text, 3000);
          });
        });
        break;
      }
      default:
        this.fail(`${path}.type`, `block type ${String(b.type)} not checked by limits.ts`);
    }
  }

  blocks(blocks: unknown, max: number, surface: Surface): void {
    const list = arr(blocks);
    if (list.length < 1) this.fail('blocks', 'no blocks');
    if (list.length > max) this.fail('blocks', `${list.length} blocks > ${max}`);
    const ids = new Set<string>();
    list.forEach((b, k) => {
      this.block(`blocks[${k}]`, b, surface);
      if (isNode(b) && typeof b.block_id === 'string') {
        if (ids.has(b.block_id)) this.fail(`blocks[${k}].block_id`, `duplicate ${b.block_id}`);
        ids.add(b.block_id);
      }
    });
  }
}

/**
 * Every Block Kit limit the payload breaks, as "path: rule" lines (empty when it is fine).
 * message: `{ text, blocks }` (≤ 50 blocks, fallback text ≤ 4,000); modal and home: a view (≤ 100 blocks; a
 * modal's title, submit and close ≤ 24, callback_id ≤ 255, private_metadata ≤ 3,000).
 */
export function blockKitViolations(payload: unknown, surface: Surface): string[] {
  const c = new Checker();
  if (!isNode(payload)) return ['payload: not an object'];
  if (surface === 'message') {
    c.length('text', payload.text, 4000);
    c.blocks(payload.blocks, 50, surface);
  } else {
    if (payload.type !== surface) c.fail('type', `expected ${surface}, got ${String(payload.type)}`);
    c.blocks(payload.blocks, 100, surface);
    if (payload.callback_id !== undefined) c.length('callback_id', payload.callback_id, 255);
    if (payload.private_metadata !== undefined) c.length('private_metadata', payload.private_metadata, 3000, 0);
    if (surface === 'modal') {
      c.text('title', payload.title, 24, 'plain_text');
      if (payload.submit !== undefined) c.text('submit', payload.submit, 24, 'plain_text');
      if (payload.close !== undefined) c.text('close', payload.close, 24, 'plain_text');
    }
  }
  return c.problems;
}

/** Every node of a payload (depth first), for assertions like "no button anywhere". */
export function allNodes(payload: unknown): Node[] {
  const out: Node[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isNode(v)) {
      out.push(v);
      Object.values(v).forEach(walk);
    }
  };
  walk(payload);
  return out;
}

/** The text objects of a payload. */
export const textObjects = (payload: unknown) =>
  allNodes(payload).filter((n) => (n.type === 'mrkdwn' || n.type === 'plain_text') && typeof n.text === 'string') as { type: string; text: string; verbatim?: boolean }[];

/** The action_ids of every interactive element, in order. */
export const actionIdsOf = (payload: unknown) =>
  allNodes(payload).filter((n) => typeof n.action_id === 'string').map((n) => n.action_id as string);

/** All `value`s of buttons and options. */
export const valuesOf = (payload: unknown) =>
  allNodes(payload).filter((n) => typeof n.value === 'string').map((n) => n.value as string);

/** Everything a reader sees or Slack parses: the fallback text and every text object. */
export const visibleText = (payload: unknown) =>
  [...(isNode(payload) && typeof payload.text === 'string' ? [payload.text] : []), ...textObjects(payload).map((t) => t.text),
    ...literalRuns(payload)].join('\n');

/** The text runs of rich_text blocks: shown exactly as written, never parsed for mentions, links or formatting. */
export const literalRuns = (payload: unknown) =>
  allNodes(payload).filter((n) => n.type === 'text' && typeof n.text === 'string').map((n) => n.text as string);

/** Everything Slack parses for mentions, links and formatting: the fallback text and every mrkdwn object (plain_text is shown as written). */
export const parsedText = (payload: unknown) =>
  [...(isNode(payload) && typeof payload.text === 'string' ? [payload.text] : []), ...textObjects(payload).filter((t) => t.type === 'mrkdwn').map((t) => t.text)].join('\n');
