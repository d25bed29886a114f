import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, importViolations, violationKey } from './import-rules.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every TypeScript file of the application (tests, scripts and node_modules aside), repository-relative. */
function sourceFiles(): string[] {
  return ['src', 'adapters', 'blocks', 'jobs']
    .flatMap((dir) => readdirSync(`${root}${dir}`, { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`))
    .map((f) => f.split('\\').join('/'))
    .filter((f) => f.endsWith('.ts'))
    .sort();
}

const current = sourceFiles().flatMap((file) => importViolations(file, readFileSync(`${root}${file}`, 'utf8')));

describe('import direction', () => {
  it('reads the whole tree', () => {
    expect(sourceFiles().length).toBeGreaterThan(100);
    expect(sourceFiles()).toContain('src/domain/money.ts');
  });

  it('no file imports against the direction of the layers', () => {
    expect(current.map((v) => `${violationKey(v)}  (${v.rule})`)).toEqual([]);
  });
});

describe('the import checker itself', () => {
  it('finds static, multi-line, type-only, re-exported, bare and dynamic specifiers', () => {
    const source = [
      "import { z } from 'zod';",
      'import {',
      '  a,',
      '  type B,',
      "} from './multi.js';",
      "import type { Sql } from '../../adapters/postgres/connect.js';",
      "export { c } from './re-export.js';",
      "export * from './star.js';",
      "import './side-effect.js';",
      "const later = await import('./dynamic.js');",
      "const text = 'import nothing from here';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      'zod', './multi.js', '../../adapters/postgres/connect.js', './re-export.js', './star.js', './side-effect.js', './dynamic.js',
    ]);
  });

  it.each([
    ['src/domain/dso.ts', "import { sql } from '../../adapters/postgres/connect.js';", 'src/domain imports only src/domain'],
    ['src/domain/kpi/dso.ts', "import { now } from '../../services/clock.js';", 'src/domain imports only src/domain'],
    ['src/domain/dso.ts', "import postgres from 'postgres';", 'src/domain uses no package but zod, date-fns, @date-fns/tz, node:crypto'],
    ['src/domain/dso.ts', "import { readFile } from 'node:fs/promises';", 'src/domain uses no package but zod, date-fns, @date-fns/tz, node:crypto'],
    ['adapters/slack/commands/ar.ts', "import type { Sql } from '../../postgres/connect.js';", 'a chat adapter reads through ports, never adapters/postgres'],
    ['adapters/teams/teams-app.ts', "const q = await import('../postgres/owners.js');", 'a chat adapter reads through ports, never adapters/postgres'],
    ['adapters/local/local-store.ts', "export { owners } from '../postgres/owners.js';", 'a chat adapter reads through ports, never adapters/postgres'],
    ['src/services/tick.ts', "import { x } from '../../adapters/email/mime.js';", 'src/services imports neither adapters/ nor blocks/'],
    ['src/services/chat-actions/x.ts', "import { y } from '../../../blocks/slack/mrkdwn.js';", 'src/services imports neither adapters/ nor blocks/'],
    ['src/cli/kpi.ts', "import { respond } from '../../adapters/http/respond.js';", 'src/cli does not import adapters/http'],
    ['src/chat/run-action.ts', "import { x } from '../../adapters/postgres/chat-actions.js';", 'src/chat imports neither adapters/ nor blocks/'],
    ['src/chat/run-action.ts', "import { y } from '../../blocks/slack/modals.js';", 'src/chat imports neither adapters/ nor blocks/'],
    ['src/views/card-controls.ts', "import { z } from '../services/dispatch-alerts.js';", 'src/views imports only src/views and src/domain'],
  ])('flags %s importing %s', (file, source, rule) => {
    expect(importViolations(file, source)).toEqual([expect.objectContaining({ file, rule })]);
  });

  it.each([
    ['src/domain/kpi/dso.ts', "import { z } from 'zod';\nimport { tz } from '@date-fns/tz';\nimport { addDays } from 'date-fns/addDays';\nimport { createHmac } from 'node:crypto';\nimport { x } from '../money.js';"],
    ['adapters/slack/commands/ar.ts', "import type { KpiStore } from '../../../src/ports/kpi-store.js';\nimport { y } from '../slack-context.js';"],
    ['adapters/postgres/owners.ts', "import type { Sql } from './connect.js';"],
    ['src/services/tick.ts', "import { due } from '../domain/cadence/due-reminder-step.js';"],
    ['src/cli/kpi.ts', "import { open } from '../../adapters/postgres/connect.js';"],
    ['src/chat/run-action.ts', "import { claimDispute } from '../services/chat-actions/dispute-actions.js';"],
    ['src/views/card-controls.ts', "import { actionIds } from './control-ids.js';\nimport type { DisputeStatus } from '../domain/disputes/dispute-status.js';"],
  ])('lets %s import what its layer may', (file, source) => {
    expect(importViolations(file, source)).toEqual([]);
  });
});
