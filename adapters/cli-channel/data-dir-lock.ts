import { createHash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { chmod, mkdir, open, realpath, stat, unlink } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One writer per embedded database. The process that opens DATA_DIR listens on a Unix domain socket in it: listen()
// on a path that exists fails atomically (EADDRINUSE), the kernel closes the socket when the process dies, even on
// kill -9, and the same socket is the channel other arbot processes use to reach the holder (cli-channel.ts).
// A socket file left by a dead process refuses connections (ECONNREFUSED) and is removed, under a guard file so
// that two processes never both remove and re-create it.

export interface HeldLock {
  readonly path: string;
  /** Closes the socket, which removes its file: the next process may take DATA_DIR. */
  release(): Promise<void>;
}

export type Acquired = { readonly held: HeldLock } | { readonly holder: net.Socket };

/** Where DATA_DIR's socket lives: in it, or (a path too long for a socket address) in the temp folder. */
export async function lockSocketPath(dataDir: string): Promise<string> {
  const dir = await realpath(dataDir);
  const hash = createHash('sha256').update(dir).digest('hex').slice(0, 24);
  if (process.platform === 'win32') return `\\\\.\\pipe\\arbot-${hash}`;
  const inDir = join(dir, 'arbot.sock');
  // sun_path holds 108 bytes on Linux and 104 on macOS, the final NUL included.
  return Buffer.byteLength(inDir) <= 100 ? inDir : join(tmpdir(), `arbot-${hash}.sock`);
}

/**
 * Takes DATA_DIR for this process, answering every connection with `onConnection`; or, when a live process holds
 * it, returns a connection to that process.
 */
export async function acquireDataDirLock(dataDir: string, onConnection: (socket: net.Socket) => void): Promise<Acquired> {
  await mkdir(dataDir, { recursive: true });
  const path = await lockSocketPath(dataDir);
  for (let attempt = 0; attempt < 50; attempt++) {
    const server = net.createServer(onConnection);
    const failed = await listen(server, path);
    if (failed === null) return { held: await held(server, path) };
    if (failed !== 'EADDRINUSE') throw new Error(`cannot create the lock socket ${path} of DATA_DIR (${failed})`);
    const probe = await connect(path);
    if (probe instanceof net.Socket) return { holder: probe };
    if (probe === 'ECONNREFUSED') await removeStale(path);
    // ENOENT: its holder has just released it. Either way, try again.
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
  }
  throw new Error(`cannot take the lock socket ${path} of DATA_DIR: it keeps changing hands`);
}

/** A connection to DATA_DIR's holder, or null when no live process holds it (no socket, or a stale one). */
export async function connectToHolder(dataDir: string): Promise<net.Socket | null> {
  const probe = await connect(await lockSocketPath(dataDir));
  return probe instanceof net.Socket ? probe : null;
}

function listen(server: net.Server, path: string): Promise<string | null> {
  return new Promise((resolve) => {
    const onError = (e: NodeJS.ErrnoException) => resolve(e.code ?? 'EUNKNOWN');
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      resolve(null);
    });
  });
}

function connect(path: string): Promise<net.Socket | string> {
  return new Promise((resolve) => {
    const socket = net.connect(path);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'EUNKNOWN'));
  });
}

async function held(server: net.Server, path: string): Promise<HeldLock> {
  // Only this user may connect; the channel also asks for the credential in DATA_DIR/cli-token.
  if (process.platform !== 'win32') await chmod(path, 0o600);
  // The lock never keeps a process alive; a process that exits without releasing leaves a stale file (see above).
  server.unref();
  let released = false;
  const removeOnExit = () => {
    if (!released && process.platform !== 'win32') {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', removeOnExit);
  return {
    path,
    release: () => new Promise<void>((resolve) => {
      if (released) return resolve();
      released = true;
      process.off('exit', removeOnExit);
      // Closing a listening Unix socket removes its file.
      server.close(() => resolve());
    }),
  };
}

/**
 * Removes a socket file that refuses connections. Only the process holding the guard file removes one, and a
 * listen() never replaces an existing file, so the file found stale here is the one removed.
 */
async function removeStale(path: string): Promise<void> {
  if (process.platform === 'win32') return; // named pipes vanish with their process
  const guard = `${path}.takeover`;
  let handle;
  try {
    handle = await open(guard, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Another process is taking over (for milliseconds); a guard this old was left by one killed meanwhile.
    const s = await stat(guard).catch(() => null);
    if (s && Date.now() - s.mtimeMs > 30_000) await unlink(guard).catch(() => {});
    return;
  }
  try {
    const probe = await connect(path);
    if (probe instanceof net.Socket) probe.destroy();
    else if (probe === 'ECONNREFUSED') await unlink(path).catch(() => {});
  } finally {
    await handle.close();
    await unlink(guard).catch(() => {});
  }
}
