// ERP exports set up for continental Europe write 1.234,50 or 1 234,50. Said plainly, that is a one-minute fix.

/** Grouping by ".", a space, a no-break or narrow no-break space, then "," and the decimals. */
const grouped = /^(-?)(\d{1,3}(?:([. \u00a0\u202f])\d{3})(?:\3\d{3})*),(\d+)$/;
/** No grouping: "1234,50". Three decimals ("1,234") are left alone: that reads as a thousands comma too. */
const plain = /^(-?)(\d+),(\d{1,2}|\d{4,})$/;

/**
 * The amount rewritten with "." when `text` plainly uses "," as the decimal separator, else null.
 * @example decimalCommaFix('1.234,50') // "1234.50"
 * @example decimalCommaFix('1234,5') // "1234.5"
 * @example decimalCommaFix('1,234') // null (could be one thousand two hundred and thirty-four)
 */
export function decimalCommaFix(text: string): string | null {
  const t = text.trim();
  const g = grouped.exec(t);
  if (g) return `${g[1]}${g[2]!.replace(/[. \u00a0\u202f]/g, '')}.${g[4]}`;
  const p = plain.exec(t);
  return p ? `${p[1]}${p[2]}.${p[3]}` : null;
}
