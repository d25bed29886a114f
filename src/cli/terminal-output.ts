import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { terminalSafe } from '../domain/text-safety.js';

/**
 * stdout or stderr of the `arbot` process with every control, bidi and invisible character of what commands print
 * shown as its `\uXXXX` escape (src/domain/text-safety.ts): an imported customer name holding an escape sequence or
 * U+202E cannot recolour, move or reverse the terminal's text. Applied once, where the process meets its terminal,
 * so a command forwarded to a running server prints exactly what it would print locally.
 */
export function terminalSafeStream(target: NodeJS.WritableStream): Writable {
  const decoder = new StringDecoder('utf8');
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (text === '' || target.write(terminalSafe(text))) done();
      else target.once('drain', () => done());
    },
    final(done) {
      const rest = decoder.end();
      if (rest !== '') target.write(terminalSafe(rest));
      done();
    },
  });
}
