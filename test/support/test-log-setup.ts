import { afterAll, beforeEach } from 'vitest';
import { dropKeptLines, printKeptLines } from './test-log.js';

// Every test file (vitest setupFiles): kept log lines (test-log.ts) are printed for a failing test and dropped for
// a passing one. Lines kept outside any test (a beforeAll starting a server, an afterAll stopping it) are printed
// when the file failed in a hook, and otherwise go with the next test.
beforeEach(({ onTestFinished }) => {
  onTestFinished(({ task }) => {
    if (task.result?.state === 'fail') printKeptLines('this test');
    else dropKeptLines();
  });
});

// The first argument is the fixtures object, which vitest requires to be destructured.
afterAll(({}, suite) => {
  if (suite.result?.state === 'fail') printKeptLines(`the hooks of ${suite.name}`);
  else dropKeptLines();
});
