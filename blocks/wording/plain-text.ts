// Shortening text that no surface parses (Slack plain_text, Teams card text and summaries): the same rule on
// every surface, so a title cut on Slack is cut at the same place on Teams.

/**
 * Shortens text to at most `max` UTF-16 code units (what Slack's and Teams' limits count, rounded the safe way),
 * ending with "…", without splitting a surrogate pair.
 * @example truncatePlain('Approve the final notice', 10) // "Approve t…"
 */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  return `${text.slice(0, backOffSurrogate(text, max - 1)).trimEnd()}…`;
}

/** Where to cut `text` at `cut` or one before, so that a surrogate pair (an emoji, say) stays whole. */
export function backOffSurrogate(text: string, cut: number): number {
  const last = text.charCodeAt(cut - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut - 1 : cut;
}
