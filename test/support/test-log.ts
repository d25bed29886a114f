import { format } from 'node:util';
import type { Logger as SlackLogger, LogLevel as SlackLogLevel } from '@slack/web-api';
import { afterAll, beforeAll, expect, onTestFinished } from 'vitest';
import { createLogger, type Logger } from '../../src/log.js';

/**
 * Log output a test expects (a server's warnings, a Slack client's retries, Bolt refusing garbage) is kept in memory
 * here instead of on stderr, and printed only for a test that fails (test-log-setup.ts decides when), so a green run
 * is quiet and a red one still shows what the servers said. One buffer per test file: vitest runs a file's tests
 * one after another in one worker.
 */
const kept: string[] = [];
// Taken before any keepConsoleOutput() replaces console's methods: printing kept lines must reach vitest.
const printLine = console.error.bind(console);

function keep(line: string): void {
  kept.push(line.endsWith('\n') ? line.slice(0, -1) : line);
}

/** The lines kept since the current test started (or since the last test of the file ended). */
export function keptLines(): string[] {
  return [...kept];
}

/** Prints the kept lines under a heading and forgets them; nothing is printed when nothing was kept. */
export function printKeptLines(heading: string): void {
  if (kept.length === 0) return;
  printLine([`-- log kept during ${heading} --`, ...kept].join('\n'));
  kept.length = 0;
}

export function dropKeptLines(): void {
  kept.length = 0;
}

/**
 * arbot's own logger (same redaction and JSON lines as production), writing to the kept lines.
 * @example const log = testLogger('warn'); // a test server's warnings show up only if its test fails
 */
export function testLogger(level = 'info'): Logger {
  return createLogger(level, { write: (line: string) => keep(line) });
}

/**
 * A logger for the Slack SDK clients a test builds itself (`new WebClient(token, { logger: slackTestLogger() })`):
 * the client's warnings about retries and 429s become kept lines.
 */
export function slackTestLogger(): SlackLogger {
  let level = 'info' as SlackLogLevel;
  let name = 'slack';
  const line = (label: string) => (...msg: unknown[]) => keep(`[${label}] ${name} ${format(...msg)}`);
  return {
    debug: () => {}, info: line('INFO'), warn: line('WARN'), error: line('ERROR'),
    setLevel: (l) => { level = l; }, getLevel: () => level, setName: (n) => { name = n; },
  };
}

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Keeps console output of libraries that take no logger from a test: Bolt's receiver and app, the WebClient and
 * Socket Mode client built inside createSlackAdapter, botbuilder's CloudAdapter (console.error of a refused token).
 * Called at file or describe level it covers that scope; called inside a test, the rest of that test. Anything
 * else stays on the console, so use it only where such output is expected. Returns the kept lines of the current
 * test, for a test that asserts on what a library logged.
 */
export function keepConsoleOutput(): { lines(): string[] } {
  const saved: Partial<Record<(typeof consoleMethods)[number], (...args: unknown[]) => void>> = {};
  const patch = () => {
    for (const m of consoleMethods) {
      saved[m] = console[m];
      console[m] = (...args: unknown[]) => keep(format(...args));
    }
  };
  const restore = () => {
    for (const m of consoleMethods) if (saved[m]) console[m] = saved[m];
  };
  if (expect.getState().currentTestName !== undefined) {
    patch();
    onTestFinished(restore);
  } else {
    beforeAll(patch);
    afterAll(restore);
  }
  return { lines: keptLines };
}
