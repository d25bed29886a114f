// How much memory remembering the keys of one source costs, per way of keeping them (src/domain/import/repeated-keys.ts).
// Run: node --expose-gc --import tsx test/bench/repeated-keys-memory.ts [rows]   (each way in a fresh process)
import { spawnSync } from 'node:child_process';
import { createRepeatedKeys } from '../../src/domain/import/repeated-keys.js';

const rows = Number(process.argv[3] ?? process.argv[2] ?? 1_000_000);
const key = (i: number) => `ERP-I-${String(i + 1).padStart(7, '0')}`; // the benchmark's invoice ids (test/bench/ledger-csv.ts)
const ways: Record<string, () => unknown> = {
  'nothing kept (the keys made and dropped)': () => {
    let n = 0;
    for (let i = 0; i < rows; i++) n += key(i).length;
    return n;
  },
  'Map<string, number>': () => {
    const m = new Map<string, number>();
    for (let i = 0; i < rows; i++) m.set(key(i), i + 2);
    return m;
  },
  'Set<string>': () => {
    const s = new Set<string>();
    for (let i = 0; i < rows; i++) s.add(key(i));
    return s;
  },
  'createRepeatedKeys (64-bit hash + pos)': () => {
    const k = createRepeatedKeys();
    for (let i = 0; i < rows; i++) if (k.earlier(key(i), i + 2) !== null) throw new Error(`false repeat at ${i}`);
    return k;
  },
};

const gc = (globalThis as { gc?: () => void }).gc;
const way = process.argv[2];
if (way && ways[way]) {
  gc!();
  const before = process.memoryUsage();
  const kept = ways[way]!();
  gc!();
  const after = process.memoryUsage();
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  const retained = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  process.stdout.write(`${way.padEnd(42)} ${rows} keys: retained ${mb(retained)} MB (${(retained / rows).toFixed(1)} B/key), `
    + `RSS +${mb(after.rss - before.rss)} MB, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB\n`);
  void kept;
} else {
  for (const name of Object.keys(ways)) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', process.argv[1]!, name, String(rows)], { encoding: 'utf8' });
    process.stdout.write(r.stdout + r.stderr);
  }
}
