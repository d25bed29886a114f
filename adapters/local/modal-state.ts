import type { Json } from '../../src/ports/local-slack-store.js';

const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Posted form fields: `input_<k>` is the input block at index k (several values for checkboxes). */
export type FormFields = ReadonlyMap<string, readonly string[]>;

export interface ModalState {
  /** `view.state.values[blockId][actionId]`, as Slack sends it (an unset input is null). */
  readonly values: Record<string, Record<string, Json>>;
  /** What Slack's client checks before it sends anything: required inputs and length limits, by block id. */
  readonly errors: Record<string, string>;
}

/**
 * Reads a modal's form back into Slack's `state.values`, and the errors Slack's own client would show without
 * ever sending the submission (a required input left empty, text shorter or longer than allowed, a choice that is
 * not offered).
 */
export function readModalState(blocks: unknown, form: FormFields): ModalState {
  const values: Record<string, Record<string, Json>> = {};
  const errors: Record<string, string> = {};
  list(blocks).forEach((b, k) => {
    const block = obj(b);
    if (block?.type !== 'input') return;
    const blockId = String(block.block_id ?? '');
    const e = obj(block.element) ?? {};
    const actionId = String(e.action_id ?? '');
    const raw = form.get(`input_${k}`) ?? [];
    const first = (raw[0] ?? '').replace(/\r\n/g, '\n');
    const text = first.trim() === '' ? null : first;
    const options = [...list(e.options), ...list(e.option_groups).flatMap((g) => list(obj(g)?.options))].map(obj).filter((o): o is Json => o !== null);
    const pick = (v: string) => options.find((o) => o.value === v);
    let entry: Json;
    let empty: boolean;
    switch (e.type) {
      case 'datepicker':
        entry = { type: 'datepicker', selected_date: text };
        empty = text === null;
        if (text !== null && !/^\d{4}-\d{2}-\d{2}$/.test(text)) errors[blockId] = 'Pick a date.';
        break;
      case 'timepicker':
        entry = { type: 'timepicker', selected_time: text };
        empty = text === null;
        break;
      case 'static_select':
      case 'radio_buttons': {
        const option = text === null ? undefined : pick(text);
        entry = { type: e.type, selected_option: option ? { text: option.text, value: option.value } : null };
        empty = !option;
        if (text !== null && !option) errors[blockId] = 'Choose one of the options.';
        break;
      }
      case 'checkboxes': {
        const chosen = raw.map(pick).filter((o): o is Json => o !== undefined).map((o) => ({ text: o.text, value: o.value }));
        entry = { type: 'checkboxes', selected_options: chosen };
        empty = chosen.length === 0;
        break;
      }
      default:
        entry = { type: e.type, value: text };
        empty = text === null;
        if (text !== null && typeof e.max_length === 'number' && text.length > e.max_length) errors[blockId] = `Use ${e.max_length} characters or fewer.`;
        if (text !== null && typeof e.min_length === 'number' && text.length < e.min_length) errors[blockId] = `Use at least ${e.min_length} characters.`;
    }
    (values[blockId] ??= {})[actionId] = entry;
    if (empty && block.optional !== true && errors[blockId] === undefined) errors[blockId] = 'Please complete this required field.';
  });
  return { values, errors };
}
