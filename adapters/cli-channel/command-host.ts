import type net from 'node:net';
import { Writable } from 'node:stream';
import { inFlightCounter } from '../in-flight.js';
import { cliTokenPath, removeCliToken, sameToken, writeCliToken } from './cli-token.js';
import { encode, lineReader, readMessage, request, type CommandRequest, type Hello } from './channel-protocol.js';

/** Runs one forwarded command with the holder's own database handle; resolves with its exit code. */
export type RunCommand = (req: CommandRequest, out: Writable, err: Writable) => Promise<number>;

export interface CommandHost {
  /** Answers each connection on DATA_DIR's lock socket (data-dir-lock.ts). */
  readonly onConnection: (socket: net.Socket) => void;
  /** From now on runs forwarded commands: writes the credential first, then greets as ready. */
  ready(run: RunCommand): Promise<void>;
  /** Refuses new commands and waits up to `ms` for those under way; true once none is left. */
  drain(ms: number): Promise<boolean>;
}

/**
 * The holder's side of the channel. A CLI command holding DATA_DIR stays `busy` (it only tells who it is); a
 * server is `starting` until ready() and `stopping` after drain().
 */
export function commandHost(command: string, dataDir: string, initial: 'starting' | 'busy'): CommandHost {
  let state: Hello['state'] = initial;
  let token = '';
  let run: RunCommand | null = null;
  const inFlight = inFlightCounter();

  async function answer(socket: net.Socket): Promise<void> {
    // A client that sends nothing is dropped; a command, once running, takes the time it takes.
    socket.setTimeout(30_000, () => socket.destroy());
    const req = await readMessage(lineReader(socket), request);
    socket.setTimeout(0);
    if (!req) return void socket.destroy();
    if (!sameToken(req.token, token)) return void socket.end(encode({ refused: `the credential does not match ${cliTokenPath(dataDir)}` }));
    if (state !== 'ready' || !run) return void socket.end(encode({ refused: `arbot ${command} (pid ${process.pid}) is stopping; run this again once it has stopped` }));
    inFlight.add();
    try {
      const code = await run(req, framed(socket, 'out'), framed(socket, 'err'));
      socket.end(encode({ exit: code }));
    } catch (e) {
      socket.end(encode({ refused: (e as Error).message.split('\n')[0]! }));
    } finally {
      inFlight.done();
    }
  }

  return {
    onConnection(socket) {
      // A client that went away mid-command: its output has nowhere to go, and the command finishes regardless.
      socket.on('error', () => {});
      socket.write(encode({ arbot: 1, pid: process.pid, command, state }));
      if (state === 'ready') void answer(socket);
      else socket.end();
    },
    async ready(r) {
      token = await writeCliToken(dataDir);
      run = r;
      state = 'ready';
    },
    async drain(ms) {
      state = 'stopping';
      const idle = await inFlight.idle(ms);
      await removeCliToken(dataDir);
      return idle;
    },
  };
}

/** stdout or stderr of a forwarded command: each write goes out as one frame, in order, never buffered here. */
function framed(socket: net.Socket, stream: 'out' | 'err'): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const data = chunk.toString('base64');
      if (!socket.destroyed) socket.write(encode(stream === 'out' ? { out: data } : { err: data }));
      done();
    },
  });
}
