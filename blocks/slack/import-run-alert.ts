import type { ImportRunFacts } from '../../src/views/alert-view.js';
import {
  importRunFailure, importRunHeader, importRunIntro, importRunSummary, importRunTodo, releasedHeading, releasedLine, releasedMore,
  unmatchedHeading, unmatchedLine, unmatchedMore, unmatchedTotals,
} from '../wording/import-run-wording.js';
import { blockKitLimits, contextBlock, headerBlock, sectionBlock, type KnownBlock, type SlackMessage } from './block-kit.js';
import { listSections } from './list-text.js';
import { mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';

// One finance message per import run, however many payments it left unmatched: the first lines with an `/ar`
// hint each, then a count and the totals per currency of all of them. The words are
// blocks/wording/import-run-wording.ts; ids and commands are set in code spans here.

const code = (text: string) => `\`${text}\``;

/** One line's budget: 20 of them always fit the 3 sections a list may take (listSections cuts, should one not). */
const lineMax = 280;

/** A list's sections, then "…and N more" for what the view did not load (it holds the first lines of the total). */
const listBlocks = (lines: readonly string[], noun: readonly [string, string], more: string | null): KnownBlock[] => {
  const texts = listSections(lines.map((l) => truncate(l, lineMax)), { maxItems: lines.length, maxSections: 3, noun });
  return [...texts.map((t) => sectionBlock(t)), ...(more === null ? [] : [contextBlock([more])])];
};

/**
 * An import run's finance alert: which run (id, how, by whom, when), its unmatched payments and the allocations
 * it released (when the import recorded them), and what to do.
 * @example buildImportRunAlert(run).blocks[0] // header "Import #42: 5,000 unmatched payments"
 */
export function buildImportRunAlert(run: ImportRunFacts): SlackMessage {
  const u = run.unmatched;
  const r = run.released;
  const failure = importRunFailure(run, md);
  const blocks: KnownBlock[] = [
    headerBlock(importRunHeader(run, plain)),
    sectionBlock(importRunIntro(run, md) + (failure === null ? '' : `\n${failure}`)),
  ];
  if (u.count > 0) {
    blocks.push(sectionBlock(unmatchedHeading(run, md)));
    blocks.push(...listBlocks(u.lines.map((l) => unmatchedLine(l, md, code)), ['unmatched payment', 'unmatched payments'], unmatchedMore(run, md)));
  }
  if (r && r.count > 0) {
    blocks.push(sectionBlock(releasedHeading(r, md)));
    blocks.push(...listBlocks(r.lines.map((l) => releasedLine(l, md, code)), ['released allocation', 'released allocations'], releasedMore(r)));
  }
  blocks.push(contextBlock([importRunTodo(code('/ar &lt;customer&gt;'))]));
  // Slack's notification also names the totals; Teams' summary does not (see blocks/README.md).
  return { text: truncate(`${importRunSummary(run, md)}${unmatchedTotals(run, md)}`, blockKitLimits.fallbackText), blocks };
}
