import { escapeHtml } from '../html-escape.js';

/**
 * A <text> element: content and every attribute value escaped (XML needs the same five characters as HTML).
 * @example svgText(10, 20, 'A&B', { anchor: 'end' }) // '<text x="10" y="20" text-anchor="end">A&amp;B</text>'
 */
export function svgText(
  x: number, y: number, content: string,
  opts: { anchor?: 'start' | 'middle' | 'end'; size?: number; fill?: string; weight?: 'bold' } = {},
): string {
  const attrs = [`x="${px(x)}"`, `y="${px(y)}"`];
  if (opts.anchor) attrs.push(`text-anchor="${opts.anchor}"`);
  if (opts.size) attrs.push(`font-size="${opts.size}"`);
  if (opts.fill) attrs.push(`fill="${escapeHtml(opts.fill)}"`);
  if (opts.weight) attrs.push(`font-weight="${opts.weight}"`);
  return `<text ${attrs.join(' ')}>${escapeHtml(content)}</text>`;
}

/**
 * A pixel coordinate as SVG reads it: at most one decimal, no exponent, no "-0".
 * @example px(12.345) // "12.3"
 */
export function px(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}
