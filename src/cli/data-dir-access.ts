import { existsSync } from 'node:fs';
import { acquireDataDirLock, connectToHolder, type HeldLock } from '../../adapters/cli-channel/data-dir-lock.js';
import { commandHost, type CommandHost } from '../../adapters/cli-channel/command-host.js';
import { describeHolder } from '../../adapters/cli-channel/channel-protocol.js';
import { greet, type Greeted } from '../../adapters/cli-channel/forward-command.js';
import type { Database } from '../../adapters/postgres/connect.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { openMigratedDatabase } from '../wire/database.js';

// The embedded database (PGlite in DATA_DIR) has one writer: the process that holds DATA_DIR's lock socket
// (adapters/cli-channel). With DATABASE_URL set none of this applies: the server handles concurrency.

/**
 * What each command does while an `arbot serve` holds the embedded DATA_DIR: `forward` runs it in the server,
 * with the server's database and configuration, its output streamed back; `refuse` stops with one line. A
 * command that opens the database and is not listed here refuses too.
 */
export const besideServer: Readonly<Record<string, 'forward' | 'refuse'>> = {
  import: 'forward', kpi: 'forward', cadence: 'forward', policy: 'forward', jobs: 'forward', demo: 'forward',
  migrate: 'forward', check: 'forward', fees: 'forward', report: 'forward', 'payment-methods': 'forward',
  portal: 'forward', statement: 'forward',
  serve: 'refuse',
};

const startWaitMs = 120_000;
const pollMs = 250;
const pause = () => new Promise((r) => setTimeout(r, pollMs));

/**
 * The server to run `command` in: a ready `arbot serve` holding DATA_DIR when `command` forwards (one still
 * starting is waited for), else null (the command runs here and takes the lock when it opens the database).
 */
export async function serverToForwardTo(command: string, config: Config): Promise<Greeted | null> {
  if (config.DATABASE_URL || besideServer[command] !== 'forward' || !existsSync(config.DATA_DIR)) return null;
  const deadline = Date.now() + startWaitMs;
  for (;;) {
    const socket = await connectToHolder(config.DATA_DIR);
    if (!socket) return null;
    const greeted = await greet(socket);
    if (!greeted) throw noAnswer(config);
    if (greeted.hello.state === 'ready') return greeted;
    greeted.socket.destroy();
    if (greeted.hello.state !== 'starting') return null;
    if (Date.now() > deadline) throw new Error(`${describeHolder(greeted.hello)} is still starting on the embedded database in ${config.DATA_DIR}; run this again once it is running`);
    await pause();
  }
}

/** Opens the embedded database for a CLI command, holding DATA_DIR until close(); refuses with one line if held. */
export async function openHeldDatabase(command: string, config: Config, log: Logger): Promise<Database> {
  const lock = await holdDataDir(command, config, commandHost(command, config.DATA_DIR, 'busy'));
  try {
    const db = await openMigratedDatabase(config, log);
    return {
      ...db,
      async close() {
        try {
          await db.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (e) {
    await lock.release();
    throw e;
  }
}

/** Takes DATA_DIR for `command` (a server waits for one stopping); a live holder makes it throw one line. */
export async function holdDataDir(command: string, config: Config, host: CommandHost): Promise<HeldLock> {
  const deadline = Date.now() + startWaitMs;
  for (;;) {
    const got = await acquireDataDirLock(config.DATA_DIR, host.onConnection);
    if ('held' in got) return got.held;
    const greeted = await greet(got.holder);
    if (!greeted) throw noAnswer(config);
    greeted.socket.destroy();
    const { state } = greeted.hello;
    if (state === 'stopping' && Date.now() < deadline) {
      await pause();
      continue;
    }
    throw new Error(refusal(command, greeted, config));
  }
}

function refusal(command: string, { hello }: Greeted, config: Config): string {
  const holder = `${describeHolder(hello)} ${hello.state === 'busy' ? 'is using' : 'is running on'} the embedded database in ${config.DATA_DIR}`;
  if (hello.state === 'busy') return `${holder}; run this again when it has finished`;
  if (hello.state === 'stopping') return `${holder} and still stopping; run this again once it has stopped`;
  if (command === 'serve') return `${holder}; stop it first, or give this server another DATA_DIR`;
  if (besideServer[command] === 'forward') return `${holder}, started while this command was starting; run it again (it will go through the server)`;
  return `${holder}; arbot ${command} cannot run beside it: stop the server first`;
}

const noAnswer = (config: Config) =>
  new Error(`a process holds the embedded database in ${config.DATA_DIR} but does not answer; try again, and check which arbot runs there`);
