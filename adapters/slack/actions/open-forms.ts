import type { App, BlockAction } from '@slack/bolt';
import { parseActionValue } from '../../../blocks/slack/action-value.js';
import { buildDisputeModal, buildHoldModal, buildNoteModal, buildPromiseModal } from '../../../blocks/slack/modals.js';
import type { ModalView } from '../../../blocks/slack/block-kit.js';
import { loadDisputeFacts } from '../../postgres/chat-views-disputes.js';
import { loadInvoiceFacts } from '../../postgres/chat-views-invoices.js';
import { refused, type ActionResult } from '../../../src/services/chat-actions/action-result.js';
import type { InvoiceFacts } from '../../../src/views/alert-view.js';
import { actionIds } from '../../../src/views/alert-view.js';
import type { SlackDeps } from '../slack-context.js';

type Args = Parameters<Parameters<App['action']>[1]>[0];
type Opener = (args: Args, value: string | undefined) => Promise<ActionResult | null>;

const stale = refused('stale', 'this button is out of date; use the latest message');
const gone = refused('not_found', 'this invoice no longer exists');

/**
 * The buttons that ask for details first (promise, pause, dispute, note) open their modal; the submission does the
 * work (adapters/slack/views). The modal's private_metadata names the subject, like the button's value.
 */
export function formOpeners(deps: SlackDeps): Record<string, Opener> {
  const open = async (args: Args, view: ModalView) => {
    await args.client.views.open({ trigger_id: (args.body as BlockAction).trigger_id, view });
    return null;
  };
  const invoiceOf = async (raw: string | undefined): Promise<InvoiceFacts | ActionResult> => {
    const v = parseActionValue(raw, 'invoice');
    if (!v.ok || v.value.kind !== 'invoice') return stale;
    const facts = (await loadInvoiceFacts(deps.sql, [BigInt(v.value.invoiceId)], deps.now(), deps.zone)).get(BigInt(v.value.invoiceId));
    return facts ?? gone;
  };
  const isResult = (x: InvoiceFacts | ActionResult): x is ActionResult => 'ok' in x;
  const meta = (invoice: InvoiceFacts) => JSON.stringify({ i: invoice.invoiceId });

  return {
    [actionIds.logPromise]: async (args, raw) => {
      const invoice = await invoiceOf(raw);
      return isResult(invoice) ? invoice : open(args, buildPromiseModal(invoice, meta(invoice)));
    },
    [actionIds.pauseReminders]: async (args, raw) => {
      const invoice = await invoiceOf(raw);
      return isResult(invoice) ? invoice : open(args, buildHoldModal(invoice, meta(invoice)));
    },
    [actionIds.openDispute]: async (args, raw) => {
      const invoice = await invoiceOf(raw);
      if (isResult(invoice)) return invoice;
      if (invoice.openDispute) return refused('already_open', 'this invoice already has an open dispute; add a note to it instead');
      return open(args, buildDisputeModal(invoice, meta(invoice)));
    },
    // A note goes on an invoice or a dispute, whichever message the button is on.
    [actionIds.addNote]: async (args, raw) => {
      const v = parseActionValue(raw);
      if (!v.ok) return stale;
      if (v.value.kind === 'dispute') {
        const d = await loadDisputeFacts(deps.sql, BigInt(v.value.disputeId), deps.now(), deps.zone);
        if (!d) return refused('not_found', 'this dispute no longer exists');
        return open(args, buildNoteModal(`${d.invoice.customerName} · dispute on ${d.invoice.number}`, JSON.stringify({ d: d.disputeId })));
      }
      if (v.value.kind !== 'invoice') return stale;
      const invoice = await invoiceOf(raw);
      return isResult(invoice) ? invoice : open(args, buildNoteModal(`${invoice.customerName} · ${invoice.number}`, meta(invoice)));
    },
  };
}
