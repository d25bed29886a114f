#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx arbot` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
// A database restart must not end the process through a known driver defect (adapters/postgres/driver-rejections.ts);
// installed here, in the real process only, so code that calls runCli in-process keeps its own handlers.
const { survivePostgresTypeFetchFailures } = await import('../../adapters/postgres/driver-rejections.ts');
const { createLogger } = await import('../log.ts');
survivePostgresTypeFetchFailures(createLogger('warn', process.stderr));
const { runCli } = await import('../cli/main.ts');
const { terminalSafeStream } = await import('../cli/terminal-output.ts');
// What commands print reaches the terminal with control and bidi characters made visible (imported text is data).
process.exitCode = await runCli(process.argv.slice(2), { out: terminalSafeStream(process.stdout), err: terminalSafeStream(process.stderr) });
