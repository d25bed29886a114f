import type net from 'node:net';
import { z } from 'zod';

// The channel on DATA_DIR's lock socket: JSON lines. The holder greets every connection with a hello; when it is
// a ready server, the client sends one request (credential, argv, cwd) and gets back its stdout and stderr as
// base64 frames, byte for byte, then the exit code.

/** starting/ready/stopping: an `arbot serve`; busy: a CLI command that holds DATA_DIR for its duration. */
export const hello = z.object({
  arbot: z.literal(1),
  pid: z.number().int(),
  command: z.string().max(100),
  state: z.enum(['starting', 'ready', 'stopping', 'busy']),
});
export type Hello = z.infer<typeof hello>;

export const request = z.object({
  token: z.string().max(200),
  argv: z.array(z.string().max(10_000)).max(1_000),
  cwd: z.string().min(1).max(10_000),
});
export type CommandRequest = z.infer<typeof request>;

export const frame = z.union([
  z.object({ out: z.string() }),
  z.object({ err: z.string() }),
  z.object({ exit: z.number().int() }),
  z.object({ refused: z.string() }),
]);
export type Frame = z.infer<typeof frame>;

export const encode = (message: Hello | CommandRequest | Frame): string => `${JSON.stringify(message)}\n`;

/** "arbot serve (pid 123)": how a refusal names the holder. */
export const describeHolder = (h: Hello): string => `arbot ${h.command} (pid ${h.pid})`;

/** Reads a socket line by line; next() is null once it has ended. Lines longer than `maxLine` end it too. */
export function lineReader(socket: net.Socket, maxLine = 64 * 1024 * 1024) {
  let buffered = '';
  const lines: string[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const finish = () => {
    ended = true;
    wake?.();
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let i: number;
    while ((i = buffered.indexOf('\n')) >= 0) {
      lines.push(buffered.slice(0, i));
      buffered = buffered.slice(i + 1);
    }
    if (buffered.length > maxLine) socket.destroy();
    wake?.();
  });
  socket.on('end', finish);
  socket.on('close', finish);
  socket.on('error', finish);
  return {
    async next(): Promise<string | null> {
      while (lines.length === 0 && !ended) await new Promise<void>((r) => (wake = r));
      wake = null;
      return lines.shift() ?? null;
    },
  };
}

export type LineReader = ReturnType<typeof lineReader>;

/** The next line parsed by `schema`, or null when the socket ended or the line does not fit it. */
export async function readMessage<T>(reader: LineReader, schema: z.ZodType<T>): Promise<T | null> {
  const line = await reader.next();
  if (line === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // not JSON: not an arbot on the other end
  }
}
