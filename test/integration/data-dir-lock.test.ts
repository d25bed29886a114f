import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeHolder } from '../../adapters/cli-channel/channel-protocol.js';
import { commandHost } from '../../adapters/cli-channel/command-host.js';
import { acquireDataDirLock, lockSocketPath, type Acquired } from '../../adapters/cli-channel/data-dir-lock.js';
import { greet } from '../../adapters/cli-channel/forward-command.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'arbot-lock-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Leaves a socket file nobody listens on, as a server killed with kill -9 does. */
async function staleSocket(path: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`]);
  await new Promise((r) => child.on('close', r));
  expect((await stat(path)).isSocket()).toBe(true);
}

const take = (command: string) => acquireDataDirLock(dataDir, commandHost(command, dataDir, 'busy').onConnection);

describe('the DATA_DIR lock socket', () => {
  it('is held by one taker at a time: the others reach the holder, which says who it is', async () => {
    const first = await take('import');
    expect('held' in first).toBe(true);
    const second = await take('kpi');
    expect('holder' in second).toBe(true);
    const greeted = await greet((second as { holder: net.Socket }).holder);
    expect(greeted && describeHolder(greeted.hello)).toBe(`arbot import (pid ${process.pid})`);
    expect(greeted?.hello.state).toBe('busy');
    expect((await stat(await lockSocketPath(dataDir))).mode & 0o777).toBe(0o600);
    await (first as { held: { release(): Promise<void> } }).held.release();
    expect(existsSync(await lockSocketPath(dataDir))).toBe(false);
    const third = await take('demo');
    expect('held' in third).toBe(true);
    await (third as { held: { release(): Promise<void> } }).held.release();
  });

  it.each([1, 2, 3, 4, 5])('a stale socket left by a killed process goes to exactly one of several takers arriving together (%i)', async () => {
    await staleSocket(await lockSocketPath(dataDir));
    // Takers arrive over a few milliseconds, so that some find the file stale while others already re-listen.
    const all: Acquired[] = await Promise.all(Array.from({ length: 24 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i % 6));
      return take(`c${i}`);
    }));
    const held = all.filter((a) => 'held' in a);
    expect(held).toHaveLength(1);
    for (const a of all) if ('holder' in a) a.holder.destroy();
    expect(existsSync(`${await lockSocketPath(dataDir)}.takeover`)).toBe(false);
    // The one holding it still has the socket file: nobody removed it from under it.
    expect((await stat(await lockSocketPath(dataDir))).isSocket()).toBe(true);
    await (held[0] as { held: { release(): Promise<void> } }).held.release();
  });
});
