#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx arbot` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
