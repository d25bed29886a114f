import { attrs, escapeHtml, hiddenFields, isSafeHref, type Html } from './html.js';
import { mrkdwnHtml, plainTextHtml, type MrkdwnContext } from './mrkdwn-html.js';

type Json = Record<string, unknown>;

/** Where interactive elements post their click: the form action and the fields naming the surface. */
export interface InteractionTarget {
  readonly action: string;
  readonly hidden: Readonly<Record<string, string>>;
}

/** Inputs of an open modal: the form they submit with, what was typed last time, and the errors of that try. */
export interface ModalInputs {
  readonly formId: string;
  readonly state: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly errors: Readonly<Record<string, string>>;
}

export interface BlockContext extends MrkdwnContext {
  /** null renders controls disabled (a message seen where nobody can act on it). */
  readonly target: InteractionTarget | null;
  readonly inputs?: ModalInputs;
  /** Makes element ids unique on the page (a message ts, a view id). */
  readonly idPrefix: string;
}

const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const idSafe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** A text object (plain_text or mrkdwn) as HTML. */
export function textObjectHtml(t: unknown, ctx: BlockContext): Html {
  const o = obj(t);
  const text = str(o?.text) ?? '';
  return o?.type === 'mrkdwn' ? mrkdwnHtml(text, ctx) : plainTextHtml(text, o?.emoji !== false);
}

/** A text object as plain characters, for labels and attribute values (HTML-escaped by the caller). */
export function textObjectPlain(t: unknown): string {
  return str(obj(t)?.text) ?? '';
}

/**
 * Renders Block Kit blocks (a message's, a modal's or a home tab's) as HTML: header, section with text, fields and
 * accessory, context, divider, actions (buttons, static selects, overflow menus, date pickers), image, input and
 * basic rich_text. A block arbot does not know is shown as such rather than silently dropped. Every string from
 * the blocks is escaped; interactive elements are small forms posting to `ctx.target`.
 */
export function blocksHtml(blocks: unknown, ctx: BlockContext): Html {
  return list(blocks).map((b, k) => blockHtml(obj(b) ?? {}, k, ctx)).join('');
}

function blockHtml(b: Json, k: number, ctx: BlockContext): Html {
  const blockId = str(b.block_id) ?? '';
  switch (b.type) {
    case 'header':
      return `<h3 class="bk-header">${textObjectHtml(b.text, ctx)}</h3>`;
    case 'divider':
      return '<hr class="bk-divider">';
    case 'section': {
      const text = b.text === undefined ? '' : `<div class="bk-text">${textObjectHtml(b.text, ctx)}</div>`;
      const fields = list(b.fields);
      const grid = fields.length === 0 ? '' : `<div class="bk-fields">${fields.map((f) => `<div class="bk-field">${textObjectHtml(f, ctx)}</div>`).join('')}</div>`;
      const accessory = obj(b.accessory);
      const side = accessory ? `<div class="bk-accessory">${elementHtml(accessory, blockId, `${k}a`, ctx)}</div>` : '';
      return `<div class="bk-section"><div class="bk-main">${text}${grid}</div>${side}</div>`;
    }
    case 'context':
      return `<div class="bk-context">${list(b.elements).map((e) => {
        const o = obj(e) ?? {};
        return o.type === 'image' ? imageHtml(o, 'bk-context-image') : `<span>${textObjectHtml(o, ctx)}</span>`;
      }).join('')}</div>`;
    case 'actions':
      return `<div class="bk-actions">${list(b.elements).map((e, j) => elementHtml(obj(e) ?? {}, blockId, `${k}-${j}`, ctx)).join('')}</div>`;
    case 'image': {
      const title = b.title === undefined ? '' : `<figcaption>${textObjectHtml(b.title, ctx)}</figcaption>`;
      return `<figure class="bk-image">${imageHtml(b, '')}${title}</figure>`;
    }
    case 'input':
      return inputBlockHtml(b, k, ctx);
    case 'rich_text':
      return `<div class="bk-rich">${list(b.elements).map((e) => richTextHtml(obj(e) ?? {}, ctx)).join('')}</div>`;
    default:
      return `<div class="bk-unknown" role="note">Block type “${escapeHtml(String(b.type ?? 'none'))}” is not shown here.</div>`;
  }
}

function imageHtml(o: Json, cls: string): Html {
  const url = str(o.image_url) ?? '';
  const alt = str(o.alt_text) ?? '';
  if (!isSafeHref(url)) return `<span class="bk-alt">${escapeHtml(alt)}</span>`;
  return `<img${attrs({ class: cls || null, src: url, alt, loading: 'lazy' })}>`;
}

/** One interactive element in its own small form (forms cannot nest; a modal's inputs use the form attribute). */
function elementHtml(e: Json, blockId: string, key: string, ctx: BlockContext): Html {
  const actionId = str(e.action_id) ?? '';
  const disabled = ctx.target === null;
  // The element's type, value and label travel with the click, as Slack's client sends what it shows: a click on a
  // message that changed since the page was drawn still reaches arbot, which re-checks everything anyway.
  const carried = { el_type: str(e.type) ?? '', ...(typeof e.value === 'string' ? { el_value: e.value } : {}), el_text: textObjectPlain(e.text) };
  const form = (inner: Html, cls: string) => ctx.target === null
    ? `<div class="${cls}">${inner}</div>`
    : `<form method="post"${attrs({ action: ctx.target.action, class: cls })}>${hiddenFields({ ...ctx.target.hidden, block_id: blockId, action_id: actionId, ...carried })}${inner}</form>`;
  switch (e.type) {
    case 'button': {
      const style = str(e.style);
      const label = textObjectHtml(e.text, ctx);
      const url = str(e.url);
      if (url !== null && isSafeHref(url)) {
        return `<a${attrs({ class: `bk-button${style ? ` bk-${style}` : ''}`, href: url, target: '_blank', rel: 'noopener noreferrer' })}>${label}</a>`;
      }
      return form(`<button type="submit"${attrs({ class: `bk-button${style ? ` bk-${style}` : ''}`, disabled })}>${label}</button>`, 'bk-el');
    }
    case 'static_select':
    case 'radio_buttons': {
      const id = `${ctx.idPrefix}-sel-${idSafe(key)}`;
      const placeholder = textObjectPlain(e.placeholder) || 'Choose';
      const initial = str(obj(e.initial_option)?.value);
      const options = selectOptions(e, initial);
      return form(
        `<label class="visually-hidden"${attrs({ for: id })}>${escapeHtml(placeholder)}</label>`
        + `<select name="option"${attrs({ id, class: 'bk-select', disabled })}>${initial === null ? `<option value="" disabled selected>${escapeHtml(placeholder)}</option>` : ''}${options}</select>`
        + `<button type="submit"${attrs({ class: 'bk-button bk-apply', disabled })}>Apply<span class="visually-hidden"> ${escapeHtml(placeholder)}</span></button>`,
        'bk-el bk-select-form');
    }
    case 'overflow': {
      const items = list(e.options).map((o) => {
        const opt = obj(o) ?? {};
        return `<li><button type="submit" name="option"${attrs({ value: str(opt.value) ?? '', class: 'bk-menu-item', disabled })}>${textObjectHtml(opt.text, ctx)}</button></li>`;
      }).join('');
      return `<details class="bk-overflow"><summary aria-label="More actions" title="More actions">⋯</summary>${form(`<ul role="list">${items}</ul>`, 'bk-menu')}</details>`;
    }
    case 'datepicker': {
      const id = `${ctx.idPrefix}-date-${idSafe(key)}`;
      const label = textObjectPlain(e.placeholder) || 'Pick a date';
      return form(
        `<label class="visually-hidden"${attrs({ for: id })}>${escapeHtml(label)}</label><input type="date" name="option"${attrs({ id, value: str(e.initial_date), disabled })}>`
        + `<button type="submit"${attrs({ class: 'bk-button bk-apply', disabled })}>Apply</button>`, 'bk-el');
    }
    case 'image':
      return imageHtml(e, 'bk-accessory-image');
    default:
      return `<span class="bk-unknown" role="note">Element “${escapeHtml(String(e.type ?? 'none'))}” is not shown here.</span>`;
  }
}

function selectOptions(e: Json, selected: string | null): Html {
  const one = (o: unknown) => {
    const opt = obj(o) ?? {};
    const value = str(opt.value) ?? '';
    return `<option${attrs({ value, selected: value === selected })}>${escapeHtml(textObjectPlain(opt.text))}</option>`;
  };
  const groups = list(e.option_groups);
  if (groups.length > 0) {
    return groups.map((g) => `<optgroup${attrs({ label: textObjectPlain(obj(g)?.label) })}>${list(obj(g)?.options).map(one).join('')}</optgroup>`).join('');
  }
  return list(e.options).map(one).join('');
}

/** A modal input: label, control (bound to the modal's form), hint and the error of the last submission. */
function inputBlockHtml(b: Json, k: number, ctx: BlockContext): Html {
  const blockId = str(b.block_id) ?? '';
  const e = obj(b.element) ?? {};
  const actionId = str(e.action_id) ?? '';
  const id = `${ctx.idPrefix}-in-${k}`;
  const name = `input_${k}`;
  const inputs = ctx.inputs;
  const state = obj(inputs?.state[blockId]?.[actionId]);
  const error = inputs?.errors[blockId];
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const optional = b.optional === true;
  const described = [b.hint === undefined ? null : hintId, error ? errorId : null].filter(Boolean).join(' ') || null;
  const common = { id, name, form: inputs?.formId ?? null, 'aria-describedby': described, 'aria-invalid': error ? 'true' : null, required: !optional };
  const placeholder = textObjectPlain(e.placeholder) || null;
  let control: Html;
  switch (e.type) {
    case 'plain_text_input': {
      const value = state ? str(state.value) : str(e.initial_value);
      const max = typeof e.max_length === 'number' ? e.max_length : null;
      const min = typeof e.min_length === 'number' ? e.min_length : null;
      control = e.multiline === true
        ? `<textarea${attrs({ ...common, rows: 4, maxlength: max, minlength: min, placeholder })}>${escapeHtml(value ?? '')}</textarea>`
        : `<input type="text"${attrs({ ...common, value, maxlength: max, minlength: min, placeholder })}>`;
      break;
    }
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      const value = state ? str(state.value) : str(e.initial_value);
      const type = e.type === 'email_text_input' ? 'email' : e.type === 'url_text_input' ? 'url' : 'text';
      control = `<input${attrs({ ...common, type, value, placeholder, inputmode: e.type === 'number_input' ? (e.is_decimal_allowed === true ? 'decimal' : 'numeric') : null })}>`;
      break;
    }
    case 'datepicker':
      control = `<input type="date"${attrs({ ...common, value: state ? str(state.selected_date) : str(e.initial_date) })}>`;
      break;
    case 'timepicker':
      control = `<input type="time"${attrs({ ...common, value: state ? str(state.selected_time) : str(e.initial_time) })}>`;
      break;
    case 'static_select':
    case 'radio_buttons': {
      const selected = state ? str(obj(state.selected_option)?.value) : str(obj(e.initial_option)?.value);
      control = `<select${attrs(common)}><option value=""${attrs({ selected: selected === null })}>${escapeHtml(placeholder ?? 'Choose')}</option>${selectOptions(e, selected)}</select>`;
      break;
    }
    case 'checkboxes': {
      const chosen = new Set(list(state ? state.selected_options : e.initial_options).map((o) => str(obj(o)?.value)));
      control = `<fieldset${attrs({ id, 'aria-describedby': described })}>${list(e.options).map((o, j) => {
        const opt = obj(o) ?? {};
        const value = str(opt.value) ?? '';
        return `<label class="bk-check"><input type="checkbox"${attrs({ name, value, form: inputs?.formId ?? null, checked: chosen.has(value), id: `${id}-${j}` })}> ${textObjectHtml(opt.text, ctx)}</label>`;
      }).join('')}</fieldset>`;
      break;
    }
    default:
      control = `<span class="bk-unknown" role="note">Input “${escapeHtml(String(e.type ?? 'none'))}” is not shown here.</span>`;
  }
  const label = `<label class="bk-label"${attrs({ for: id })}>${escapeHtml(textObjectPlain(b.label))}${optional ? ' <span class="bk-optional">(optional)</span>' : ''}</label>`;
  const hint = b.hint === undefined ? '' : `<div class="bk-hint"${attrs({ id: hintId })}>${textObjectHtml(b.hint, ctx)}</div>`;
  const err = error ? `<div class="bk-error" role="alert"${attrs({ id: errorId })}>${escapeHtml(error)}</div>` : '';
  return `<div class="bk-input${error ? ' bk-has-error' : ''}">${label}${control}${hint}${err}</div>`;
}

function richTextHtml(e: Json, ctx: BlockContext): Html {
  const runs = (items: unknown[]): Html => items.map((i) => {
    const r = obj(i) ?? {};
    switch (r.type) {
      case 'text': {
        let html = escapeHtml(str(r.text) ?? '');
        const style = obj(r.style) ?? {};
        if (style.code === true) html = `<code>${html}</code>`;
        if (style.bold === true) html = `<strong>${html}</strong>`;
        if (style.italic === true) html = `<em>${html}</em>`;
        if (style.strike === true) html = `<s>${html}</s>`;
        return html.replace(/\n/g, '<br>');
      }
      case 'link': {
        const url = str(r.url) ?? '';
        const shown = escapeHtml(str(r.text) ?? url);
        return isSafeHref(url) ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${shown}</a>` : shown;
      }
      case 'user': return `<span class="mention">@${escapeHtml(ctx.userName(str(r.user_id) ?? '') ?? str(r.user_id) ?? '')}</span>`;
      case 'emoji': return mrkdwnHtml(`:${str(r.name) ?? ''}:`);
      default: return '';
    }
  }).join('');
  switch (e.type) {
    case 'rich_text_section': return `<p>${runs(list(e.elements))}</p>`;
    case 'rich_text_preformatted': return `<pre class="code">${runs(list(e.elements))}</pre>`;
    case 'rich_text_quote': return `<blockquote>${runs(list(e.elements))}</blockquote>`;
    case 'rich_text_list': {
      const tag = e.style === 'ordered' ? 'ol' : 'ul';
      return `<${tag}>${list(e.elements).map((s) => `<li>${runs(list(obj(s)?.elements))}</li>`).join('')}</${tag}>`;
    }
    default: return '';
  }
}
