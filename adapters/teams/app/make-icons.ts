import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.js';

// Draws arbot's Teams icons: a rising bar chart. color.png is 192×192 on the accent colour (Teams crops it to a
// rounded square); outline.png is 32×32, white on transparent, as Teams requires. Run: tsx adapters/teams/app/make-icons.ts

const accent = [0x1f, 0x6f, 0x5c, 255] as const;
const white = [255, 255, 255, 255] as const;
const clear = [0, 0, 0, 0] as const;

/** Three bars of rising height, in a unit square: is (u, v) inside one? v grows downwards. */
function inBars(u: number, v: number): boolean {
  const bars = [[0.2, 0.36, 0.6], [0.42, 0.58, 0.42], [0.64, 0.8, 0.24]] as const;
  return bars.some(([from, to, top]) => u >= from && u < to && v >= top && v < 0.8);
}

export function colorIcon(): Buffer {
  return encodePng(192, (x, y) => (inBars((x + 0.5) / 192, (y + 0.5) / 192) ? white : accent));
}

export function outlineIcon(): Buffer {
  return encodePng(32, (x, y) => (inBars((x + 0.5) / 32, (y + 0.5) / 32) ? white : clear));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('./color.png', import.meta.url), colorIcon());
  writeFileSync(new URL('./outline.png', import.meta.url), outlineIcon());
  console.log('wrote adapters/teams/app/color.png and outline.png');
}
