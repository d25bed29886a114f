import { niceAxis, tickLabel } from './chart-scale.js';
import { chartTheme } from './chart-theme.js';
import { px, svgText } from './svg-text.js';

export interface PanelBox { readonly x: number; readonly y: number; readonly w: number; readonly h: number }

export interface PanelLine {
  readonly values: readonly (number | null)[];
  readonly colour: string;
  readonly dash: string;
}

/**
 * One value panel of a line chart: a title, horizontal grid lines with tick labels on a 0-based axis, and one line
 * per series at `xs` (a null value breaks the line; every value gets a marker, so a lone point still shows).
 * `lastLabel` writes the last value of a single line beside it.
 */
export function linePanel(box: PanelBox, title: string, xs: readonly number[], lines: readonly PanelLine[],
  opts: { cap?: number; unit?: string; lastLabel?: boolean } = {}): string {
  const values = lines.flatMap((l) => l.values.filter((v): v is number => v !== null));
  const axis = niceAxis(Math.max(0, ...values));
  const top = opts.cap !== undefined ? Math.min(opts.cap, axis.top) : axis.top;
  const y = (v: number) => box.y + box.h - (Math.max(0, Math.min(v, top)) / top) * box.h;
  const out = [svgText(box.x, box.y - 10, title, { size: 13, fill: chartTheme.text, weight: 'bold' })];
  for (let t = 0; t <= top + 1e-9; t += axis.step) {
    const ty = y(t);
    out.push(`<line x1="${px(box.x)}" y1="${px(ty)}" x2="${px(box.x + box.w)}" y2="${px(ty)}" stroke="${t === 0 ? chartTheme.axis : chartTheme.grid}" stroke-width="1"/>`);
    out.push(svgText(box.x - 8, ty + 4, tickLabel(t, axis.step), { anchor: 'end', size: 11, fill: chartTheme.mutedText }));
  }
  for (const line of lines) out.push(...drawLine(line, xs, y));
  if (opts.lastLabel && lines.length === 1) {
    const line = lines[0]!;
    const k = line.values.findLastIndex((v) => v !== null);
    if (k >= 0) out.push(svgText(xs[k]!, y(line.values[k]!) - 9, `${Math.round(line.values[k]!)}${opts.unit ?? ''}`,
      { anchor: 'middle', size: 12, fill: chartTheme.text, weight: 'bold' }));
  }
  return out.join('');
}

function drawLine(line: PanelLine, xs: readonly number[], y: (v: number) => number): string[] {
  const out: string[] = [];
  let d = '';
  line.values.forEach((v, k) => {
    if (v === null) return;
    d += `${d === '' || line.values[k - 1] === null || k === 0 ? 'M' : 'L'}${px(xs[k]!)} ${px(y(v))} `;
  });
  const dash = line.dash ? ` stroke-dasharray="${line.dash}"` : '';
  if (d) out.push(`<path d="${d.trim()}" fill="none" stroke="${line.colour}" stroke-width="2.5" stroke-linejoin="round"${dash}/>`);
  line.values.forEach((v, k) => {
    if (v !== null) out.push(`<circle cx="${px(xs[k]!)}" cy="${px(y(v))}" r="3.5" fill="${line.colour}"/>`);
  });
  return out;
}
