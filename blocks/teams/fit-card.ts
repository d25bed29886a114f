import { adaptiveCard, cardBytes, noteBlock, teamsCardLimits, type AdaptiveCard, type CardElement } from './adaptive-card.js';

/**
 * A card whose list shows as many of `items` as fit (at most `max`) within Teams' message size, whole items only,
 * with `more(hidden)` after them when some are left out. `build` lays the shown part out in the whole card.
 * @example fitCard((list) => [...head, ...list, foot], rows.map(rowBlock), 20, moreText, 'Summary').card.body.length
 */
export function fitCard(
  build: (list: CardElement[]) => CardElement[], items: readonly CardElement[], max: number, more: (hidden: number) => string, fallbackText: string,
): { card: AdaptiveCard; shown: number } {
  const card = (list: CardElement[]) => adaptiveCard(build(list), { fallbackText });
  // Room for the "…and N more" note: it is added after the loop.
  const budget = teamsCardLimits.payloadBytes - 400;
  const list: CardElement[] = [];
  for (const item of items.slice(0, max)) {
    if (cardBytes(card([...list, item])) > budget) break;
    list.push(item);
  }
  const hidden = items.length - list.length;
  return { card: card(hidden === 0 ? list : [...list, noteBlock(more(hidden))]), shown: list.length };
}
