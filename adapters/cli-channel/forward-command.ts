import type net from 'node:net';
import { cliTokenPath, readCliToken } from './cli-token.js';
import { describeHolder, encode, frame, hello, lineReader, readMessage, type Hello, type LineReader } from './channel-protocol.js';

export interface Greeted {
  readonly hello: Hello;
  readonly socket: net.Socket;
  readonly reader: LineReader;
}

/** Reads the holder's hello; null when it does not answer like an arbot within `ms` (closing the socket). */
export async function greet(socket: net.Socket, ms = 30_000): Promise<Greeted | null> {
  const reader = lineReader(socket);
  const timer = setTimeout(() => socket.destroy(), ms);
  const h = await readMessage(reader, hello);
  clearTimeout(timer);
  if (!h) socket.destroy();
  return h ? { hello: h, socket, reader } : null;
}

export interface ForwardIo {
  readonly dataDir: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

/**
 * Has the ready server behind `to` run the command: its stdout and stderr are written here byte for byte, and its
 * exit code is returned. A refusal or a server gone before the end is one line on stderr and exit 1.
 */
export async function forwardCommand(to: Greeted, io: ForwardIo): Promise<number> {
  const fail = (line: string) => {
    to.socket.destroy();
    io.err.write(`arbot: ${line}\n`);
    return 1;
  };
  let token: string;
  try {
    token = await readCliToken(io.dataDir);
  } catch (e) {
    return fail(`${describeHolder(to.hello)} holds ${io.dataDir}, but its credential ${cliTokenPath(io.dataDir)} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): run arbot as the user running the server`);
  }
  to.socket.write(encode({ token, argv: [...io.argv], cwd: io.cwd }));
  for (;;) {
    const f = await readMessage(to.reader, frame);
    if (f === null) {
      return fail(`${describeHolder(to.hello)} stopped before \`arbot ${io.argv[0] ?? ''}\` finished: what it stored is unknown, check before running it again`);
    }
    if ('out' in f) io.out.write(Buffer.from(f.out, 'base64'));
    else if ('err' in f) io.err.write(Buffer.from(f.err, 'base64'));
    else if ('refused' in f) return fail(f.refused);
    else {
      to.socket.destroy();
      return f.exit;
    }
  }
}
