// The words around a list cut short. Each surface lays lists out its own way (Slack packs sections, Teams text
// blocks) but says alike what it left out.

/**
 * @example moreText(1, ['invoice', 'invoices']) // "…and 1 more invoice"
 */
export const moreText = (hidden: number, noun: readonly [string, string]): string => `…and ${hidden} more ${noun[hidden === 1 ? 0 : 1]}`;
