import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, importViolations, violationKey } from './import-rules.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Imports that break a rule today and are being removed by refactors in flight (issue 16: the chat adapters read
 * through ports, not adapters/postgres). Listed one by one so that nothing new slips in beside them; a line that no
 * longer matches an import fails the last test below, so the list only shrinks. Goal: empty.
 */
const knownViolations: readonly string[] = [
  // Chat adapters reaching into adapters/postgres (queries, the Sql type of connect.ts).
  'adapters/local/demo-clock.ts -> ../postgres/app-meta.js',
  'adapters/local/demo-clock.ts -> ../postgres/connect.js',
  'adapters/local/local-directory.ts -> ../postgres/connect.js',
  'adapters/local/local-response-urls.ts -> ../postgres/connect.js',
  'adapters/local/local-routing.ts -> ../postgres/connect.js',
  'adapters/local/local-routing.ts -> ../postgres/chat-views-subjects.js',
  'adapters/local/local-store.ts -> ../postgres/connect.js',
  'adapters/local/local-web-api.ts -> ../postgres/connect.js',
  'adapters/local/local-workspace.ts -> ../postgres/connect.js',
  'adapters/local/workspace-context.ts -> ../postgres/connect.js',
  'adapters/slack/actions/open-forms.ts -> ../../postgres/chat-views-disputes.js',
  'adapters/slack/actions/open-forms.ts -> ../../postgres/chat-views-invoices.js',
  'adapters/slack/commands/index.ts -> ../../postgres/chat-views-customer.js',
  'adapters/slack/events/home.ts -> ../../postgres/chat-views-home.js',
  'adapters/slack/slack-actor.ts -> ../postgres/owners.js',
  'adapters/slack/slack-alert-publisher.ts -> ../postgres/connect.js',
  'adapters/slack/slack-context.ts -> ../postgres/chat-actions.js',
  'adapters/slack/slack-context.ts -> ../postgres/chat-views-alerts.js',
  'adapters/slack/slack-context.ts -> ../postgres/chat-views-related.js',
  'adapters/slack/slack-context.ts -> ../postgres/connect.js',
  'adapters/slack/slack-context.ts -> ../postgres/kpi-store.js',
  'adapters/slack/slack-mentions.ts -> ../postgres/owners.js',
  'adapters/slack/slack-mentions.ts -> ../postgres/connect.js',
  'adapters/slack/slack-publisher.ts -> ../postgres/chat-messages.js',
  'adapters/slack/slack-publisher.ts -> ../postgres/connect.js',
  'adapters/teams/actions/index.ts -> ../../postgres/chat-views-customer.js',
  'adapters/teams/actions/index.ts -> ../../postgres/chat-messages.js',
  'adapters/teams/commands/index.ts -> ../../postgres/chat-views-customer.js',
  'adapters/teams/teams-actor.ts -> ../postgres/owners.js',
  'adapters/teams/teams-alert-publisher.ts -> ../postgres/chat-views-subjects.js',
  'adapters/teams/teams-alert-publisher.ts -> ../postgres/connect.js',
  'adapters/teams/teams-context.ts -> ../postgres/chat-views-related.js',
  'adapters/teams/teams-context.ts -> ../postgres/connect.js',
  'adapters/teams/teams-conversations.ts -> ../postgres/connect.js',
  'adapters/teams/teams-messages.ts -> ../postgres/chat-messages.js',
  'adapters/teams/teams-messages.ts -> ../postgres/connect.js',
  'adapters/teams/teams-people.ts -> ../postgres/connect.js',
  // The CLI formats its errors with the HTTP adapter's helper.
  'src/cli/cadence.ts -> ../../adapters/http/respond.js',
  'src/cli/check.ts -> ../../adapters/http/respond.js',
  'src/cli/import.ts -> ../../adapters/http/respond.js',
  'src/cli/jobs.ts -> ../../adapters/http/respond.js',
  'src/cli/kpi.ts -> ../../adapters/http/respond.js',
  // The reminder renderer service builds the email with blocks/ itself.
  'src/services/reminder-renderer.ts -> ../../blocks/email/load-templates.js',
  'src/services/reminder-renderer.ts -> ../../blocks/email/reminder-email.js',
];

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

  it('no file imports against the direction of the layers (beyond the known list)', () => {
    const fresh = current.filter((v) => !knownViolations.includes(violationKey(v)));
    expect(fresh.map((v) => `${violationKey(v)}  (${v.rule})`)).toEqual([]);
  });

  it('every known violation still exists (remove the line once its import is gone)', () => {
    const keys = new Set(current.map(violationKey));
    expect(knownViolations.filter((k) => !keys.has(k))).toEqual([]);
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
  ])('flags %s importing %s', (file, source, rule) => {
    expect(importViolations(file, source)).toEqual([expect.objectContaining({ file, rule })]);
  });

  it.each([
    ['src/domain/kpi/dso.ts', "import { z } from 'zod';\nimport { tz } from '@date-fns/tz';\nimport { addDays } from 'date-fns/addDays';\nimport { createHmac } from 'node:crypto';\nimport { x } from '../money.js';"],
    ['adapters/slack/commands/ar.ts', "import type { KpiStore } from '../../../src/ports/kpi-store.js';\nimport { y } from '../slack-context.js';"],
    ['adapters/postgres/owners.ts', "import type { Sql } from './connect.js';"],
    ['src/services/tick.ts', "import { due } from '../domain/cadence/due-reminder-step.js';"],
    ['src/cli/kpi.ts', "import { open } from '../../adapters/postgres/connect.js';"],
  ])('lets %s import what its layer may', (file, source) => {
    expect(importViolations(file, source)).toEqual([]);
  });
});
