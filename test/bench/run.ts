import { run as cadenceBench } from './cadence-bench.js';
import { run as chartsBench } from './charts.js';
import { run as chatBench } from './chat-bench.js';
import { run as importBench } from './import-bench.js';
import { run as inboundBench } from './inbound-replies.js';
import { run as kpiBench } from './kpi-bench.js';
import { run as reportBench } from './report-bench.js';

// `npm run bench` runs every benchmark in turn; `npm run bench -- import` runs only the named ones.
// A new benchmark is a module exporting `run(): Promise<void>` that prints its figures, added below.
// Benchmarks print figures, they never assert times.

const benchmarks: readonly { name: string; run: () => Promise<void> }[] = [
  { name: 'import', run: importBench },
  { name: 'cadence', run: cadenceBench },
  { name: 'kpi', run: kpiBench },
  { name: 'chat', run: chatBench },
  { name: 'inbound', run: inboundBench },
  { name: 'charts', run: chartsBench },
  { name: 'reports', run: reportBench },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !benchmarks.some((b) => b.name === w));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const b of benchmarks.filter((x) => wanted.length === 0 || wanted.includes(x.name))) {
  console.log(`\n== ${b.name} ==`);
  try {
    await b.run();
  } catch (err) {
    failed++;
    console.error(`${b.name} benchmark failed: ${(err as Error).stack ?? String(err)}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
