import type { IncomingMessage } from 'node:http';
import { bodyChunks } from './respond.js';

/** Raised by ndjsonLines when one line passes the limit: `index` is the line's item position. */
export class LineTooLong extends Error {
  constructor(readonly index: number, readonly limit: number) {
    super(`line over ${limit} bytes`);
  }
}

/**
 * The lines of a body as they arrive, each decoded once it is complete. The bytes of the line being received are
 * counted chunk by chunk, and LineTooLong is thrown as soon as they pass `limit`, before the line is ever joined or
 * decoded: memory stays within `limit` plus one chunk whatever the sender does. A trailing `\r` is dropped.
 * `index` counts non-blank lines, as items are numbered.
 */
export async function* ndjsonLines(req: IncomingMessage, limit: number): AsyncGenerator<string> {
  let parts: Buffer[] = [];
  let size = 0;
  let index = 0;
  const finish = (): string => {
    const line = Buffer.concat(parts, size).toString('utf8').replace(/\r$/, '');
    parts = [];
    size = 0;
    if (line.trim() !== '') index++;
    return line;
  };
  for await (const chunk of bodyChunks(req)) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); ; nl = chunk.indexOf(0x0a, start)) {
      const end = nl === -1 ? chunk.length : nl;
      size += end - start;
      if (size > limit) throw new LineTooLong(index, limit);
      if (end > start) parts.push(chunk.subarray(start, end));
      if (nl === -1) break;
      yield finish();
      start = nl + 1;
    }
  }
  if (size > 0) yield finish();
}
