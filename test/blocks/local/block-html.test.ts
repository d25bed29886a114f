import { describe, expect, it } from 'vitest';
import { blocksHtml, type BlockContext } from '../../../blocks/local/block-html.js';
import { modalHtml } from '../../../blocks/local/view-html.js';
import { buildAlertMessage } from '../../../blocks/slack/alert-blocks.js';
import { buildCustomerChoiceBlocks } from '../../../blocks/slack/ar-blocks.js';
import { buildDsoBlocks } from '../../../blocks/slack/dso-blocks.js';
import { buildHomeView } from '../../../blocks/slack/home-view.js';
import { buildDisputeModal, buildPromiseModal, modalInputs } from '../../../blocks/slack/modals.js';
import { alertCases, approval, dispute, hostileCases, invoice } from '../slack/fixtures.js';

const ctx: BlockContext = { userName: () => null, target: { action: '/local/act', hidden: { csrf: 't', surface: 'message' } }, idPrefix: 'm1' };

/** The only tags the renderer writes; anything else would have come from the data. */
const allowedTags = new Set(['h3', 'hr', 'div', 'span', 'strong', 'em', 's', 'code', 'pre', 'br', 'blockquote', 'a', 'time', 'form', 'input', 'button',
  'select', 'option', 'optgroup', 'label', 'details', 'summary', 'ul', 'ol', 'li', 'img', 'figure', 'figcaption', 'textarea', 'fieldset', 'p', 'dialog', 'h2']);

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
}

function unknownTags(html: string): string[] {
  return [...new Set(tagsOf(html))].filter((t) => !allowedTags.has(t));
}

function buttonsOf(blocks: unknown): number {
  return JSON.stringify(blocks).match(/"type":"button"/g)?.length ?? 0;
}

describe('Block Kit as HTML', () => {
  it.each(alertCases)('renders every block and control of the %s alert', (_name, view) => {
    const { blocks } = buildAlertMessage(view);
    const html = blocksHtml(blocks, ctx);
    expect(html).not.toContain('bk-unknown');
    expect(unknownTags(html)).toEqual([]);
    // One <button> per Block Kit button, one Apply per menu.
    const selects = JSON.stringify(blocks).match(/"type":"static_select"/g)?.length ?? 0;
    expect(html.match(/<button\b/g)?.length ?? 0).toBe(buttonsOf(blocks) + selects);
    for (const b of blocks) if (b.type === 'header') expect(html).toContain('<h3 class="bk-header">');
  });

  it.each(hostileCases)('shows hostile text of the %s alert as text: no tag, link, handler or mention comes out of it', (_name, view) => {
    const html = blocksHtml(buildAlertMessage(view).blocks, ctx);
    expect(unknownTags(html)).toEqual([]);
    expect(html).not.toMatch(/href="(?!https?:|mailto:)/);
    expect(html).not.toContain('href="http://evil.example');
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toContain('<span class="mention">@channel');
    expect(html).not.toContain('<span class="mention">@U999');
  });

  it('posts a button with its block and action ids and what Slack\'s client would send', () => {
    const { blocks } = buildAlertMessage({ kind: 'approval', approval: approval() });
    const html = blocksHtml(blocks, ctx);
    expect(html).toContain('name="block_id" value="arbot.approval_actions"');
    expect(html).toContain('name="action_id" value="arbot.approval_approve"');
    expect(html).toContain('name="el_value" value="{&quot;e&quot;:&quot;5001&quot;}"');
    expect(html).toMatch(/class="bk-button bk-primary"[^>]*>Approve</);
    expect(html).toMatch(/class="bk-button bk-danger"[^>]*>Refuse</);
  });

  it('draws a static select with its current option chosen, a label and an Apply button', () => {
    const html = blocksHtml(buildAlertMessage({ kind: 'dispute', dispute: dispute({ status: 'awaiting_client' }), mention: [] }).blocks, ctx);
    expect(html).toMatch(/<label class="visually-hidden" for="m1-sel-[^"]+">Set status<\/label><select name="option"/);
    expect(html).toMatch(/<option value="[^"]*awaiting_client[^"]*" selected>/);
  });

  it('draws overflow menus, images, date pickers and rich text, and names unknown blocks instead of dropping them', () => {
    const html = blocksHtml([
      { type: 'section', block_id: 'b1', text: { type: 'mrkdwn', text: 'More' }, accessory: { type: 'overflow', action_id: 'o', options: [{ text: { type: 'plain_text', text: 'Snooze' }, value: 's' }] } },
      { type: 'image', image_url: 'https://img.example/x.png', alt_text: 'chart', title: { type: 'plain_text', text: 'Aging' } },
      { type: 'image', image_url: 'javascript:alert(1)', alt_text: 'bad' },
      { type: 'actions', block_id: 'b2', elements: [{ type: 'datepicker', action_id: 'd', initial_date: '2026-03-10' }] },
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'hi ', style: { bold: true } }, { type: 'link', url: 'https://x.example', text: 'x' }] }] },
      { type: 'video', title: { type: 'plain_text', text: 'v' } },
    ], ctx);
    expect(html).toContain('<details class="bk-overflow"><summary aria-label="More actions"');
    expect(html).toContain('<button type="submit" name="option" value="s" class="bk-menu-item">Snooze</button>');
    expect(html).toContain('<img src="https://img.example/x.png" alt="chart" loading="lazy"><figcaption>Aging</figcaption>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<input type="date" name="option"');
    expect(html).toContain('<p><strong>hi </strong><a href="https://x.example"');
    expect(html).toContain('Block type “video” is not shown here.');
  });

  it('renders controls disabled where nobody can act', () => {
    const html = blocksHtml(buildAlertMessage({ kind: 'invoice_overdue', invoice: invoice(), owner: null }).blocks, { ...ctx, target: null });
    expect(html).not.toContain('<form');
    expect(html).toMatch(/<button type="submit" class="bk-button bk-primary" disabled>/);
  });

  it('renders the /dso answer, the /ar chooser and the home tab without an unknown block', () => {
    const kpi = { currencies: [], trend: [], topOverdue: [] } as unknown as Parameters<typeof buildDsoBlocks>[0];
    for (const blocks of [
      buildDsoBlocks(kpi, { asOf: '2026-03-10', shared: false }),
      buildCustomerChoiceBlocks([{ customerExternalId: 'C-1', customerName: 'Acme', segment: 'top', strategic: false }], 'ac'),
      buildHomeView({ asOf: '2026-03-10T09:00:00Z', approvals: [approval()], disputes: [dispute()], overdueAccounts: [], repliesWaiting: { total: 0, replies: [] } } as unknown as Parameters<typeof buildHomeView>[0]).blocks,
    ]) {
      expect(blocksHtml(blocks, ctx)).not.toContain('bk-unknown');
    }
  });
});

describe('modals as dialogs', () => {
  const surface = {
    viewId: 'V1', submitAction: '/local/view/submit', closeAction: '/local/view/close', hidden: { csrf: 't', view_id: 'V1' },
    target: { action: '/local/act', hidden: { csrf: 't', surface: 'view', view_id: 'V1' } }, errors: {}, userName: () => null,
  };

  it('labels every input, marks optional ones, and binds them to the submit form', () => {
    const html = modalHtml(buildPromiseModal(invoice(), '{"i":"1042"}'), surface);
    expect(html).toMatch(/^<dialog class="modal" data-modal open aria-labelledby="vf-V1-title" aria-modal="true">/);
    expect(html).toContain('<h2 class="modal-title" id="vf-V1-title">Promise to pay</h2>');
    for (const [k, label] of [[1, 'Pays by'], [2, 'Amount (EUR)'], [3, 'Note']] as const) {
      expect(html).toContain(`<label class="bk-label" for="vf-V1-in-${k}">${label}`);
      expect(html).toMatch(new RegExp(`id="vf-V1-in-${k}" name="input_${k}" form="vf-V1"`));
    }
    expect(html).toContain('<input type="date" id="vf-V1-in-1" name="input_1" form="vf-V1" required>');
    expect(html).toContain('Amount (EUR) <span class="bk-optional">(optional)</span>');
    expect(html).toContain('<button type="submit" class="bk-button bk-primary" form="vf-V1">Save promise</button>');
    expect(html).toContain('<button type="submit" class="bk-button">Cancel</button>');
  });

  it('shows what was typed and the errors of the last submission beside their inputs', () => {
    const f = modalInputs.dispute;
    const view = { ...buildDisputeModal(invoice(), '{"i":"1"}'), state: { values: {
      [f.reason.blockId]: { [f.reason.actionId]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'other' } } },
      [f.comment.blockId]: { [f.comment.actionId]: { type: 'plain_text_input', value: '<b>typed</b>' } },
    } } };
    const html = modalHtml(view, { ...surface, errors: { [f.comment.blockId]: 'Tell us more.', nowhere: 'A general problem.' } });
    expect(html).toMatch(/<option value="other" selected>/);
    expect(html).toContain('>&lt;b&gt;typed&lt;/b&gt;</textarea>');
    expect(html).toContain('aria-describedby="vf-V1-in-2-error" aria-invalid="true"');
    expect(html).toContain('<div class="bk-error" role="alert" id="vf-V1-in-2-error">Tell us more.</div>');
    expect(html).toContain('<div class="bk-error" role="alert">A general problem.</div>');
  });
});
