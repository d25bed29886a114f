/**
 * The Block Kit limits Slack enforces, checked the way Slack reports them: one message per problem, ending with a
 * JSON pointer (`must be less than 3001 characters [json-pointer:/blocks/0/text/text]`). Not a full validator:
 * it covers the limits arbot can plausibly break (counts, text lengths, button values, modal titles), so a message
 * real Slack would refuse is refused by the emulator too: a failing test, or an error in the local workspace, rather
 * than a card shown locally that Slack would never show.
 */

export type BlockSurface = 'message' | 'modal' | 'home';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- unchecked payload JSON from the client

const maxBlocks: Record<BlockSurface, number> = { message: 50, modal: 100, home: 100 };

/** Problems with a `blocks` array, as Slack words them; empty when Slack would accept it. */
export function checkBlocks(blocks: unknown, surface: BlockSurface, pointer = '/blocks'): string[] {
  const problems: string[] = [];
  const fail = (message: string, at: string) => problems.push(`${message} [json-pointer:${at}]`);
  if (!Array.isArray(blocks)) {
    fail('must be an array', pointer);
    return problems;
  }
  if (blocks.length > maxBlocks[surface]) fail(`no more than ${maxBlocks[surface]} items allowed`, pointer);
  blocks.forEach((block: Json, i) => checkBlock(block, `${pointer}/${i}`, fail));
  return problems;
}

/** Problems with a modal or home view object (views.open / update / publish). */
export function checkView(view: Json, pointer = '/view'): string[] {
  const problems: string[] = [];
  const fail = (message: string, at: string) => problems.push(`${message} [json-pointer:${at}]`);
  if (view === null || typeof view !== 'object') return [`must be an object [json-pointer:${pointer}]`];
  if (view.type !== 'modal' && view.type !== 'home') fail('must be one of modal, home', `${pointer}/type`);
  if (view.type === 'modal') {
    if (!view.title) fail('must provide an object', `${pointer}/title`);
    else text(view.title, 24, `${pointer}/title`, fail, 'plain_text');
    if (view.submit) text(view.submit, 24, `${pointer}/submit`, fail, 'plain_text');
    if (view.close) text(view.close, 24, `${pointer}/close`, fail, 'plain_text');
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b: Json) => b?.type === 'input');
    if (hasInput && !view.submit) fail('must provide a submit property when using input blocks', `${pointer}`);
  }
  maxLength(view.callback_id, 255, `${pointer}/callback_id`, fail);
  maxLength(view.private_metadata, 3000, `${pointer}/private_metadata`, fail);
  maxLength(view.external_id, 255, `${pointer}/external_id`, fail);
  problems.push(...checkBlocks(view.blocks, view.type === 'home' ? 'home' : 'modal', `${pointer}/blocks`));
  return problems;
}

type Fail = (message: string, at: string) => void;

function checkBlock(block: Json, at: string, fail: Fail): void {
  if (block === null || typeof block !== 'object' || typeof block.type !== 'string') {
    fail('missing required field: type', at);
    return;
  }
  maxLength(block.block_id, 255, `${at}/block_id`, fail);
  switch (block.type) {
    case 'section':
      if (!block.text && !block.fields) fail('must provide either text or fields', at);
      if (block.text) text(block.text, 3000, `${at}/text`, fail);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > 10) fail('no more than 10 items allowed', `${at}/fields`);
        else block.fields.forEach((f: Json, i: number) => text(f, 2000, `${at}/fields/${i}`, fail));
      }
      if (block.accessory) element(block.accessory, `${at}/accessory`, fail);
      break;
    case 'header':
      text(block.text, 150, `${at}/text`, fail, 'plain_text');
      break;
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length > 10) fail('no more than 10 items allowed', `${at}/elements`);
      break;
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0) fail('must provide at least 1 item', `${at}/elements`);
      else if (block.elements.length > 25) fail('no more than 25 items allowed', `${at}/elements`);
      else block.elements.forEach((e: Json, i: number) => element(e, `${at}/elements/${i}`, fail));
      break;
    case 'input':
      text(block.label, 2000, `${at}/label`, fail, 'plain_text');
      if (block.hint) text(block.hint, 2000, `${at}/hint`, fail, 'plain_text');
      if (!block.element) fail('missing required field: element', `${at}/element`);
      else element(block.element, `${at}/element`, fail);
      break;
    default:
      break;
  }
}

function element(e: Json, at: string, fail: Fail): void {
  if (e === null || typeof e !== 'object') return void fail('must be an object', at);
  maxLength(e.action_id, 255, `${at}/action_id`, fail);
  if (e.placeholder) text(e.placeholder, 150, `${at}/placeholder`, fail, 'plain_text');
  if (e.type === 'button') {
    text(e.text, 75, `${at}/text`, fail, 'plain_text');
    maxLength(e.value, 2000, `${at}/value`, fail);
    maxLength(e.url, 3000, `${at}/url`, fail);
  } else if (e.type === 'static_select' && !e.option_groups) {
    if (!Array.isArray(e.options) || e.options.length === 0) fail('must provide at least 1 item', `${at}/options`);
    else if (e.options.length > 100) fail('no more than 100 items allowed', `${at}/options`);
    else e.options.forEach((o: Json, i: number) => {
      text(o?.text, 75, `${at}/options/${i}/text`, fail);
      maxLength(o?.value, 150, `${at}/options/${i}/value`, fail);
    });
  } else if (e.type === 'datepicker' && e.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(e.initial_date)) {
    fail('must match the pattern YYYY-MM-DD', `${at}/initial_date`);
  } else if (e.type === 'plain_text_input' && typeof e.max_length === 'number' && e.max_length > 3000) {
    fail('must be less than 3001', `${at}/max_length`);
  }
}

function text(t: Json, max: number, at: string, fail: Fail, only?: 'plain_text'): void {
  if (t === null || typeof t !== 'object') return void fail('must provide an object', at);
  if (only ? t.type !== only : t.type !== 'plain_text' && t.type !== 'mrkdwn') {
    fail(`must be one of ${only ?? 'plain_text, mrkdwn'}`, `${at}/type`);
  }
  if (typeof t.text !== 'string' || t.text.length === 0) fail('must be more than 0 characters', `${at}/text`);
  else if (t.text.length > max) fail(`must be less than ${max + 1} characters`, `${at}/text`);
}

function maxLength(value: unknown, max: number, at: string, fail: Fail): void {
  if (typeof value === 'string' && value.length > max) fail(`must be less than ${max + 1} characters`, at);
}
