import { describe, expect, it } from 'vitest';
import {
  buildDisputeModal, buildHoldModal, buildNoteModal, buildPromiseModal, buildRefuseModal, modalInputs,
} from '../../../blocks/slack/modals.js';
import { customerDisputeReasons } from '../../../src/domain/customer-dispute.js';
import { formIds } from '../../../src/views/control-ids.js';
import { approval, hostileName, invoice } from './fixtures.js';
import { allNodes, blockKitViolations, parsedText } from './limits.js';

const meta = JSON.stringify({ i: '1042', channel: 'C0SALES', ts: '1773043200.000100' });
const inv = invoice();

/** [block_id, action_id, element type, optional] of each input, in order. */
function inputsOf(view: { blocks: unknown[] }) {
  return (view.blocks as { type: string; block_id?: string; optional?: boolean; element?: { action_id: string; type: string } }[])
    .filter((b) => b.type === 'input')
    .map((b) => [b.block_id, b.element!.action_id, b.element!.type, b.optional]);
}

const cases = [
  ['promise', buildPromiseModal(inv, meta), formIds.promise, [
    [modalInputs.promise.date, 'datepicker', false],
    [modalInputs.promise.amount, 'plain_text_input', true],
    [modalInputs.promise.note, 'plain_text_input', true],
  ]],
  ['hold', buildHoldModal(inv, meta), formIds.hold, [
    [modalInputs.hold.until, 'datepicker', false],
    [modalInputs.hold.reason, 'plain_text_input', false],
  ]],
  ['dispute', buildDisputeModal(inv, meta), formIds.dispute, [
    [modalInputs.dispute.reason, 'static_select', false],
    [modalInputs.dispute.comment, 'plain_text_input', true],
  ]],
  ['note', buildNoteModal('Northwind Traders · INV-2026-0042', meta), formIds.note, [
    [modalInputs.note.note, 'plain_text_input', false],
  ]],
  ['refuse', buildRefuseModal(approval(), meta), formIds.refuse, [
    [modalInputs.refuse.reason, 'plain_text_input', false],
  ]],
] as const;

describe('modals', () => {
  it.each(cases)('%s: callback id, private metadata and every limit', (_, view, callbackId) => {
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe(callbackId);
    expect(view.private_metadata).toBe(meta);
    expect(blockKitViolations(view, 'modal')).toEqual([]);
  });

  it.each(cases)('%s: inputs at their exported block and action ids, required as the form needs', (_, view, __, inputs) => {
    expect(inputsOf(view)).toEqual(inputs.map(([id, type, optional]) => [id.blockId, id.actionId, type, optional]));
  });

  it('has unique block ids across all modals, so a submission can never be read with the wrong form\'s ids', () => {
    const ids = Object.values(modalInputs).flatMap((f) => Object.values(f).map((i: { blockId: string }) => i.blockId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('hints the currency and the amount due in the promise amount', () => {
    const amount = buildPromiseModal(inv, meta).blocks.find((b) => b.block_id === modalInputs.promise.amount.blockId) as { label: { text: string }; hint: { text: string } };
    expect(amount.label.text).toBe('Amount (EUR)');
    expect(amount.hint.text).toContain('€12,480.00');
  });

  it('offers the five dispute reasons of the dispute page', () => {
    const select = allNodes(buildDisputeModal(inv, meta)).find((n) => n.type === 'static_select') as { options: { value: string; text: { text: string } }[] };
    expect(select.options.map((o) => o.value)).toEqual([...customerDisputeReasons]);
    expect(select.options.map((o) => o.text.text)).toEqual(['Not received', 'Wrong amount', 'Missing PO or reference', 'Quality issue', 'Other']);
  });

  it('escapes the customer and subject shown in a modal', () => {
    for (const view of [buildPromiseModal(invoice({ customerName: hostileName }), meta), buildNoteModal(hostileName, meta), buildRefuseModal(approval({ customerName: hostileName }), meta)]) {
      expect(parsedText(view)).toContain('&lt;!channel&gt; &amp; ∗bold∗');
      expect(parsedText(view)).not.toContain('<!channel>');
    }
  });

  it('stays within limits with a 3,000-character invoice summary', () => {
    const long = 'x'.repeat(3000);
    expect(blockKitViolations(buildHoldModal(invoice({ customerName: long, number: long }), meta), 'modal')).toEqual([]);
  });

  it('refuses private metadata Slack would reject instead of cutting it', () => {
    expect(() => buildNoteModal('x', 'm'.repeat(3001))).toThrow(/private_metadata/);
  });
});
