#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx arbot` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
const { terminalSafeStream } = await import('../cli/terminal-output.ts');
// What commands print reaches the terminal with control and bidi characters made visible (imported text is data).
process.exitCode = await runCli(process.argv.slice(2), { out: terminalSafeStream(process.stdout), err: terminalSafeStream(process.stderr) });
