import { configDefaults, defineConfig } from 'vitest/config';
import { isDriverTypesFetchFailure } from './adapters/postgres/driver-rejections.js';

/**
 * Tests that touch no database and start no server or process: they need no migrated template, so the `unit`
 * project runs without the global setup (`npm run test:unit`). Everything else is `db`. A new file outside these
 * paths lands in `db`, where it gets a database whether it needs one or not.
 */
const unitFiles = [
  'test/adapters/**/*.test.ts',
  'test/architecture/**/*.test.ts',
  'test/chat/**/*.test.ts',
  'test/domain/**/*.test.ts',
  'test/blocks/**/*.test.ts',
  'test/services/**/*.test.ts',
  'test/hostile/escaping.test.ts',
  'test/integration/outbox-sender.test.ts',
  'test/integration/slack-manifest.test.ts',
];

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    setupFiles: ['test/support/test-log-setup.ts'],
    // The one unhandled rejection that is not arbot's: postgres.js drops the promise of its array-types query when a
    // test terminates backends while a connection starts (adapters/postgres/driver-rejections.ts; arbot serve
    // survives it the same way). Every other unhandled error still fails the run.
    onUnhandledError: (error) => (isDriverTypesFetchFailure(error) ? false : undefined),
    projects: [
      // No module isolation between unit files: they share no mutable state (no env, no mocks, no fake timers), and
      // importing the module graph once per worker instead of once per file is most of their run time.
      { extends: true, test: { name: 'unit', include: unitFiles, isolate: false } },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...unitFiles],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
