import { importRunHeadline } from '../import-run-wording.js';
import type { ImportRunFacts } from '../../src/views/alert-view.js';
import { adaptiveCard, headerBlock, noteBlock, teamsCardLimits, textBlock, type CardElement, type TeamsCard } from './adaptive-card.js';
import { escapeTeamsMarkdown, truncateText } from './teams-markdown.js';

// Teams' twin of blocks/slack/import-run-alert.ts: one card per import run, the first lines, then counts and totals.

const n = (count: number) => count.toLocaleString('en-US');
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;
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
  const headline = importRunHeadline(run);
  const totals = u.totals.length > 0 ? ` (total ${u.totals.map(escapeTeamsMarkdown).join(' · ')})` : '';
  const body: CardElement[] = [
    headerBlock(`📥 Import #${escapeTeamsMarkdown(run.runId)}: ${headline}`),
    textBlock(`Import run **#${escapeTeamsMarkdown(run.runId)}** (${escapeTeamsMarkdown(run.via)}, by ${escapeTeamsMarkdown(run.actor)}) finished ${escapeTeamsMarkdown(run.finishedAt)}.`
      + (run.failed ? ` It stopped early (${escapeTeamsMarkdown(truncateText(run.failed, 500))}): what follows is what it stored before.` : '')),
  ];
  if (u.count > 0) {
    body.push(textBlock(`**${plural(u.count, 'payment', 'payments')} could not be matched**${totals}:`));
    body.push(...listBlocks(u.lines.map((l) => {
      const who = l.customerName === null ? l.customerExternalId : `${l.customerName} (${l.customerExternalId})`;
      return `${escapeTeamsMarkdown(l.paymentExternalId)} ${escapeTeamsMarkdown(l.amount)} from ${escapeTeamsMarkdown(who)}: ${escapeTeamsMarkdown(truncateText(l.reason, 200))} · /ar ${escapeTeamsMarkdown(l.customerExternalId)}`;
    })));
    const hidden = u.count - u.lines.length;
    if (hidden > 0) body.push(noteBlock(`…and ${plural(hidden, 'more unmatched payment', 'more unmatched payments')}${u.totals.length > 0 ? `; all ${n(u.count)} total ${u.totals.map(escapeTeamsMarkdown).join(' · ')}` : ''}.`));
  }
  if (r && r.count > 0) {
    body.push(textBlock(`**${plural(r.count, 'allocation was', 'allocations were')} released** (the ERP's update no longer fit them; the money is matched again or waits as unmatched):`));
    body.push(...listBlocks(r.lines.map((l) => `${escapeTeamsMarkdown(l.externalId)}${l.amount ? ` ${escapeTeamsMarkdown(l.amount)}` : ''}: ${escapeTeamsMarkdown(l.reason)}`)));
    const hidden = r.count - r.lines.length;
    if (hidden > 0) body.push(noteBlock(`…and ${plural(hidden, 'more released allocation', 'more released allocations')}.`));
  }
  body.push(noteBlock('What to do: find the invoice each payment pays, set its invoice number on the payment in the ERP and import it again; arbot retries every unallocated payment on import. "/ar customer" shows an account.'));
  const summary = `Import #${run.runId}: ${headline}`;
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}
