import { importRunHeadline } from '../import-run-wording.js';
import type { ImportRunFacts } from '../../src/views/alert-view.js';
import { blockKitLimits, contextBlock, headerBlock, sectionBlock, type KnownBlock, type SlackMessage } from './block-kit.js';
import { listSections } from './list-text.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';
import { groupDigits } from './number-text.js';

// One finance message per import run, however many payments it left unmatched: the first lines with an `/ar`
// hint each, then a count and the totals per currency of all of them.

const n = (count: number) => groupDigits(String(count));
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;


/** One line's budget: 20 of them always fit the 3 sections a list may take (listSections cuts, should one not). */
const lineMax = 280;

/** A list's sections, then "…and N more" for what the view did not load (it holds the first lines of `total`). */
const listBlocks = (lines: readonly string[], total: number, noun: readonly [string, string], totals = ''): KnownBlock[] => {
  const texts = listSections(lines.map((l) => truncate(l, lineMax)), { maxItems: lines.length, maxSections: 3, noun });
  const hidden = total - lines.length;
  const more = hidden > 0 ? [contextBlock([`…and ${plural(hidden, `more ${noun[0]}`, `more ${noun[1]}`)}${totals}.`])] : [];
  return [...texts.map((t) => sectionBlock(t)), ...more];
};

/**
 * An import run's finance alert: which run (id, how, by whom, when), its unmatched payments and the allocations
 * it released (when the import recorded them), and what to do.
 * @example buildImportRunAlert(run).blocks[0] // header "Import #42: 5,000 unmatched payments"
 */
export function buildImportRunAlert(run: ImportRunFacts): SlackMessage {
  const u = run.unmatched;
  const r = run.released;
  const headline = importRunHeadline(run);
  const totals = u.totals.length > 0 ? ` (total ${u.totals.map(escapeMrkdwn).join(' · ')})` : '';
  const blocks: KnownBlock[] = [
    headerBlock(`:inbox_tray: Import #${run.runId}: ${headline}`),
    sectionBlock(`Import run *#${escapeMrkdwn(run.runId)}* (${escapeMrkdwn(run.via)}, by ${escapeMrkdwn(run.actor)}) finished ${escapeMrkdwn(run.finishedAt)}.`
      + (run.failed ? `\nIt stopped early (${escapeMrkdwn(truncate(run.failed, 500))}): what follows is what it stored before.` : '')),
  ];
  if (u.count > 0) {
    blocks.push(sectionBlock(`*${plural(u.count, 'payment', 'payments')} could not be matched*${totals}:`));
    const all = u.totals.length > 0 ? `; all ${n(u.count)} total ${u.totals.map(escapeMrkdwn).join(' · ')}` : '';
    blocks.push(...listBlocks(u.lines.map((l) => unmatchedLine(l)), u.count, ['unmatched payment', 'unmatched payments'], all));
  }
  if (r && r.count > 0) {
    blocks.push(sectionBlock(`*${plural(r.count, 'allocation was', 'allocations were')} released* (the ERP's update no longer fit them; the money is matched again or waits as unmatched):`));
    blocks.push(...listBlocks(r.lines.map((l) => `\`${escapeMrkdwn(l.externalId)}\`${l.amount ? ` ${escapeMrkdwn(l.amount)}` : ''}: ${escapeMrkdwn(l.reason)}`), r.count, ['released allocation', 'released allocations']));
  }
  blocks.push(contextBlock([
    'What to do: find the invoice each payment pays, set its invoice number on the payment in the ERP and import it again; arbot retries every unallocated payment on import. `/ar <customer>` shows an account.'
      .replace('<', '&lt;').replace('>', '&gt;'),
  ]));
  return { text: truncate(`Import #${escapeMrkdwn(run.runId)}: ${headline}${totals}`, blockKitLimits.fallbackText), blocks };
}

function unmatchedLine(l: ImportRunFacts['unmatched']['lines'][number]): string {
  const who = l.customerName === null ? escapeMrkdwn(l.customerExternalId) : `${escapeMrkdwn(l.customerName)} (${escapeMrkdwn(l.customerExternalId)})`;
  return `\`${escapeMrkdwn(l.paymentExternalId)}\` ${escapeMrkdwn(l.amount)} from ${who}: ${escapeMrkdwn(truncate(l.reason, 200))} · \`/ar ${escapeMrkdwn(l.customerExternalId)}\``;
}
