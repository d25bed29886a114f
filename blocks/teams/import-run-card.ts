import type { ImportRunFacts } from '../../src/views/alert-view.js';
import {
  importRunFailure, importRunHeader, importRunIntro, importRunSummary, importRunTodo, releasedHeading, releasedLine, releasedMore,
  unmatchedHeading, unmatchedLine, unmatchedMore,
} from '../wording/import-run-wording.js';
import { adaptiveCard, headerBlock, noteBlock, teamsCardLimits, textBlock, type CardElement, type TeamsCard } from './adaptive-card.js';
import { teamsMarks as md, teamsPlainMarks as plain, truncateText } from './teams-markdown.js';

// Teams' twin of blocks/slack/import-run-alert.ts: one card per import run, the first lines, then counts and
// totals. The words are blocks/wording/import-run-wording.ts; Teams has no code spans, so ids stand as they are.

const code = (text: string) => text;
const lineMax = 280;

/** Bullet lines packed into text blocks, each within a TextBlock's limit. */
function listBlocks(lines: readonly string[]): CardElement[] {
  const out: string[][] = [[]];
  let used = 0;
  for (const line of lines.map((l) => `- ${truncateText(l, lineMax)}`)) {
    if (used + line.length + 1 > teamsCardLimits.textBlock && out.at(-1)!.length > 0) {
      out.push([]);
      used = 0;
    }
    out.at(-1)!.push(line);
    used += line.length + 1;
  }
  return out.filter((b) => b.length > 0).map((b) => textBlock(b.join('\n')));
}

/**
 * An import run's finance card: the run, its unmatched payments (with `/ar` per line) and released allocations.
 * @example buildImportRunCard(run).summary // "Import #42: 5,000 unmatched payments"
 */
export function buildImportRunCard(run: ImportRunFacts): TeamsCard {
  const u = run.unmatched;
  const r = run.released;
  const failure = importRunFailure(run, md);
  const body: CardElement[] = [
    headerBlock(importRunHeader(run, md)),
    textBlock(importRunIntro(run, md) + (failure === null ? '' : ` ${failure}`)),
  ];
  if (u.count > 0) {
    const more = unmatchedMore(run, md);
    body.push(textBlock(unmatchedHeading(run, md)), ...listBlocks(u.lines.map((l) => unmatchedLine(l, md, code))), ...(more === null ? [] : [noteBlock(more)]));
  }
  if (r && r.count > 0) {
    const more = releasedMore(r);
    body.push(textBlock(releasedHeading(r, md)), ...listBlocks(r.lines.map((l) => releasedLine(l, md, code))), ...(more === null ? [] : [noteBlock(more)]));
  }
  body.push(noteBlock(importRunTodo('"/ar customer"')));
  const summary = importRunSummary(run, plain);
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}
