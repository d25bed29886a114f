import { blocksHtml, textObjectPlain, type BlockContext, type InteractionTarget } from './block-html.js';
import { attrs, escapeHtml, hiddenFields, type Html } from './html.js';
import type { MrkdwnContext } from './mrkdwn-html.js';

type Json = Record<string, unknown>;

export interface ModalSurface extends MrkdwnContext {
  readonly viewId: string;
  /** Where the submit button posts (view_submission) and where Cancel posts (closes it, view_closed if asked). */
  readonly submitAction: string;
  readonly closeAction: string;
  readonly hidden: Readonly<Record<string, string>>;
  /** Where buttons and menus inside the modal post (block_actions from a view). */
  readonly target: InteractionTarget;
  /** The last submission's errors by block id, from `ack({ response_action: 'errors' })`. */
  readonly errors: Readonly<Record<string, string>>;
}

const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/**
 * A modal as a dialog: title, blocks (inputs bound to the submit form by its id, since forms cannot nest), and
 * the Cancel and submit buttons Slack draws from `close` and `submit`. Inputs show what was typed and the errors
 * of the last try. Errors for blocks that are not inputs are listed on top, so none is lost.
 */
export function modalHtml(view: unknown, s: ModalSurface): Html {
  const v = obj(view);
  const formId = `vf-${s.viewId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const titleId = `${formId}-title`;
  const state = obj(obj(v.state).values) as Record<string, Record<string, unknown>>;
  const inputIds = new Set((Array.isArray(v.blocks) ? v.blocks : []).filter((b) => obj(b).type === 'input').map((b) => String(obj(b).block_id ?? '')));
  const orphanErrors = Object.entries(s.errors).filter(([blockId]) => !inputIds.has(blockId));
  const ctx: BlockContext = { userName: s.userName, target: s.target, inputs: { formId, state, errors: s.errors }, idPrefix: formId };
  const submit = v.submit === undefined ? '' : `<button type="submit" class="bk-button bk-primary"${attrs({ form: formId })}>${escapeHtml(textObjectPlain(v.submit) || 'Submit')}</button>`;
  return `<dialog class="modal" data-modal open${attrs({ 'aria-labelledby': titleId, 'aria-modal': 'true' })}>`
    + `<form method="post" novalidate${attrs({ id: formId, action: s.submitAction })}>${hiddenFields(s.hidden)}</form>`
    + `<h2 class="modal-title"${attrs({ id: titleId })}>${escapeHtml(textObjectPlain(v.title) || 'arbot')}</h2>`
    + (orphanErrors.length === 0 ? '' : `<div class="bk-error" role="alert">${orphanErrors.map(([, m]) => escapeHtml(m)).join('<br>')}</div>`)
    + `<div class="modal-body">${blocksHtml(v.blocks, ctx)}</div>`
    + '<div class="modal-footer">'
    + `<form method="post"${attrs({ action: s.closeAction })}>${hiddenFields(s.hidden)}<button type="submit" class="bk-button">${escapeHtml(textObjectPlain(v.close) || 'Cancel')}</button></form>`
    + submit
    + '</div></dialog>';
}
