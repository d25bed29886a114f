import { ConfigError, loadConfig, type Config } from '../config.js';
import { createLogger } from '../log.js';
import { Writable } from 'node:stream';
import type { Database } from '../../adapters/postgres/connect.js';
import { MigrationError, migrate } from '../../adapters/postgres/migrator.js';
import { loadDemo, openMigratedDatabase } from '../wire/database.js';
import { arbotVersion, commandUsage, exitCodes, usage, usageOf, UsageError } from './usage.js';
import { besideServer, holdDataDir, openHeldDatabase, serverToForwardTo } from './data-dir-access.js';
import { commandHost } from '../../adapters/cli-channel/command-host.js';
import { forwardCommand } from '../../adapters/cli-channel/forward-command.js';

// Each command's module is loaded when that command runs: `arbot import` or `arbot kpi` does not load Slack, Teams
// and the HTTP server (a second and 120 MB of resident memory before the first row).

export interface CliIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  /** The environment to configure from; by default src/config.ts reads the process's own. */
  readonly env?: NodeJS.ProcessEnv;
  /** Use this open database instead of the configured one (tests); it is migrated, never closed. */
  readonly db?: Database;
  /** The clock for defaults such as "today"; every command also takes an explicit --as-of. */
  readonly now?: () => Date;
  /** Use this configuration instead of reading the environment (a server running a forwarded command). */
  readonly config?: Config;
  /** Where files named on the command line are found; by default the process's own. */
  readonly cwd?: string;
  /** Where logs go; by default stdout for `serve` and stderr for every other command (stdout is its output). */
  readonly logTo?: NodeJS.WritableStream;
}

const defaultIo: CliIo = { out: process.stdout, err: process.stderr };

/** Runs one CLI command and returns the process exit code. */
export async function runCli(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const { out, err, env, db: given } = { ...defaultIo, ...io };
  const [command, ...args] = argv;
  try {
    // Help and version are answered here, before any configuration is read or a server is asked.
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      const about = command === 'help' ? args[0] : undefined;
      if (about !== undefined && commandUsage[about] === undefined) throw new UsageError(`no command ${about}`);
      out.write(`${about === undefined ? usage : usageOf(about)}\n`);
      return command === undefined ? exitCodes.usage : exitCodes.ok;
    }
    if (command === '--version' || command === '-v' || command === 'version') {
      out.write(`arbot ${arbotVersion()}\n`);
      return exitCodes.ok;
    }
    if (commandUsage[command] === undefined) throw new UsageError(command.startsWith('-') ? `unknown option ${command}` : `unknown command ${command}`);
    if (args.includes('--help') || args.includes('-h')) {
      out.write(`${usageOf(command)}\n`);
      return exitCodes.ok;
    }
    const config = io.config ?? (env ? loadConfig(env) : loadConfig());
    const cwd = io.cwd ?? process.cwd();
    // One writer per embedded database: while an `arbot serve` holds DATA_DIR, a data command runs in it.
    const server = given ? null : await serverToForwardTo(command, config);
    if (server) return await forwardCommand(server, { dataDir: config.DATA_DIR, argv, cwd, out, err });
    // A command's stdout is its output (a table, or JSON that a script parses): its logs go to stderr.
    const logTo = io.logTo ?? (given ? silentSink : command === 'serve' ? undefined : err);
    const log = createLogger(config.LOG_LEVEL, logTo as Writable | undefined);
    const open = async (): Promise<Database> => {
      if (given) {
        await migrate(given.sql);
        return { ...given, close: async () => {} };
      }
      return config.DATABASE_URL ? openMigratedDatabase(config, log) : openHeldDatabase(command, config, log);
    };
    switch (command) {
      case 'serve':
        return await serve({ ...config, ROLE: serveRole(args, config.ROLE) }, log);
      case 'migrate': {
        const db = await open();
        await db.close();
        out.write(`schema is up to date (${db.where})\n`);
        return exitCodes.ok;
      }
      case 'import':
        return await (await import('./import.js')).importCommand(args, { config, open, out, err, now: io.now, cwd });
      case 'cadence':
        return await (await import('./cadence.js')).cadenceCommand(args, { config, log, open, out, err, now: io.now ?? (() => new Date()), cwd });
      case 'policy':
        if (args[0] === 'plans') return await (await import('./plan-policy.js')).planPolicyCommand(args.slice(1), { open, out, err, cwd });
        if (args[0] === 'statements') return await (await import('./statement-policy.js')).statementPolicyCommand(args.slice(1), { open, out, err, cwd });
        if (args[0] === 'terms') {
          const defaults = { promiseMaxDays: config.PROMISE_MAX_DAYS, pauseMaxDays: config.PAUSE_MAX_DAYS };
          return await (await import('./terms-policy.js')).termsPolicyCommand(args.slice(1), { open, out, err, cwd, defaults });
        }
        return await (await import('./cadence.js')).policyCommand(args, { config, log, open, out, err, now: io.now ?? (() => new Date()), cwd });
      case 'jobs':
        return await (await import('./jobs.js')).jobsCommand(args, { config, log, open, out, err, now: io.now ?? (() => new Date()), cwd });
      case 'kpi':
        return await (await import('./kpi.js')).kpiCommand(args, { config, open, out, now: io.now ?? (() => new Date()) });
      case 'fees':
        return await (await import('./fees.js')).feesCommand(args, { config, log, open, out, err, now: io.now ?? (() => new Date()), cwd });
      case 'report':
        return await (await import('./report.js')).reportCommand(args, { config, open, out, now: io.now ?? (() => new Date()) });
      case 'check':
        return await (await import('./check.js')).checkCommand(args, { open, out });
      case 'payment-methods':
        return await (await import('./payment-methods.js')).paymentMethodsCommand(args, { config, log, open, out, err, now: io.now ?? (() => new Date()), cwd });
      case 'portal':
        return await (await import('./portal.js')).portalCommand(args, { config, log, open, out, err, now: io.now ?? (() => new Date()), cwd });
      case 'statement':
        return await (await import('./portal.js')).statementCommand(args, { config, log, open, out, err, now: io.now ?? (() => new Date()), cwd });
      case 'demo': {
        const db = await open();
        let loaded;
        try {
          loaded = await loadDemo(db, config, new Date());
        } finally {
          await db.close();
        }
        if (!loaded.ok) {
          err.write(`arbot: ${loaded.message}\n`);
          return exitCodes.failed;
        }
        out.write(`demo ledger loaded into ${db.where}\n`);
        return exitCodes.ok;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      const known = command !== undefined && command !== 'help' && commandUsage[command] !== undefined;
      err.write(`arbot: ${e.message}; see 'arbot ${known ? `${command} --help` : 'help'}'\n`);
      return exitCodes.usage;
    }
    if (e instanceof ConfigError) {
      err.write(`arbot: configuration: ${e.message}\n`);
      return exitCodes.failed;
    }
    if (e instanceof MigrationError) {
      err.write(`arbot: ${e.message}\n`);
      return exitCodes.failed;
    }
    err.write(`arbot: ${(e as Error).message}\n`);
    return exitCodes.failed;
  }
}

const silentSink = new Writable({ write: (_c, _e, cb) => cb() });

const roles = ['all', 'web', 'worker'] as const;

/** `serve [--role web|worker|all]`: the flag wins over ARBOT_ROLE. */
function serveRole(args: readonly string[], fallback: (typeof roles)[number]): (typeof roles)[number] {
  if (args.length === 0) return fallback;
  const role = args.length === 2 && args[0] === '--role' ? args[1]
    : args.length === 1 && args[0]!.startsWith('--role=') ? args[0]!.slice('--role='.length) : undefined;
  if (role === undefined) throw new UsageError(`unexpected arguments ${args.join(' ')} for serve (usage: arbot serve [--role web|worker|all])`);
  if (!(roles as readonly string[]).includes(role)) throw new UsageError(`--role ${role}: expected web, worker or all`);
  return role as (typeof roles)[number];
}

async function serve(config: ReturnType<typeof loadConfig>, log: ReturnType<typeof createLogger>): Promise<number> {
  // Signals are caught from the first moment: one that arrives while starting stops the server once it is up.
  let signalled: string | null = null;
  let onSignal: (signal: string) => void = (signal) => (signalled = signal);
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  const { startServer } = await import('../main.js');
  // Embedded: this process holds DATA_DIR from before the database opens until after it closes (a second serve or a
  // CLI command meanwhile refuses with one line), and runs the CLI commands other processes forward to it.
  const host = commandHost('serve', config.DATA_DIR, 'starting');
  const lock = config.DATABASE_URL ? null : await holdDataDir('serve', config, host);
  let started: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    started = await startServer(config, log);
    const { db } = started;
    if (lock) {
      await host.ready(async ({ argv, cwd }, out, err) => {
        if (besideServer[argv[0] ?? ''] !== 'forward') {
          err.write(`arbot: arbot ${argv[0] ?? ''} does not run through the server\n`);
          return exitCodes.failed;
        }
        // Its logs go to the caller's stderr, as they would running there: stdout carries the output alone.
        const code = await runCli(argv, { out, err, db, config, cwd, logTo: err });
        log.info({ command: argv[0], exit: code }, 'ran a CLI command for another arbot process');
        return code;
      });
    }
  } catch (e) {
    await started?.stop();
    await lock?.release();
    throw e;
  }
  const running = started;
  const stopAll = async () => {
    try {
      if (lock && !(await host.drain(60_000))) log.warn('CLI commands still running after 60 s: closing the database under them');
      await running.stop();
    } finally {
      await lock?.release();
    }
  };
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping: finishing requests in flight, then closing the database');
      stopAll().then(
        () => {
          log.info('stopped');
          resolve(exitCodes.ok);
        },
        (e: unknown) => {
          log.error({ err: e }, 'error while stopping');
          resolve(exitCodes.failed);
        },
      );
    };
    onSignal = stop;
    if (signalled) stop(signalled);
  });
}
