import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { PostedFile } from '../../src/domain/inbound-parse.js';
import { bodyChunks, bodyTooLarge, HttpError, type BodyBudget } from './respond.js';

type Busboy = busboy.Busboy;

export interface InboundFormLimits {
  /** The whole body: past it, 413 at once (counted as bytes arrive, never held beyond it). */
  readonly maxBytes: number;
  /** A file's bytes are kept up to this; a larger one is counted only. */
  readonly maxFileBytes: number;
  readonly budget: BodyBudget;
  /** Sees every chunk of the raw body, in order (signature and hash). */
  readonly onChunk: (chunk: Buffer) => void;
}

export type InboundForm =
  | { readonly ok: true; readonly fields: Map<string, Uint8Array>; readonly files: PostedFile[]; readonly size: number }
  | { readonly ok: false; readonly reason: string; readonly size: number };

/**
 * Reads a multipart/form-data body while it streams: fields as bytes (their charsets are for the caller to apply),
 * files counted and kept up to `maxFileBytes`. A malformed body is still read to its end (the signature covers all
 * of it, and an unsigned request must get 401, not 400), but parsing stops at the first error.
 */
export async function readInboundForm(req: IncomingMessage, limits: InboundFormLimits): Promise<InboundForm> {
  if (Number(req.headers['content-length'] ?? 0) > limits.maxBytes) throw bodyTooLarge(limits.maxBytes);
  const fields = new Map<string, Uint8Array>();
  const files: PostedFile[] = [];
  let failure: string | null = null;
  const fail = (why: string) => void (failure ??= why);
  const parser = openParser(req, limits, fields, files, fail);
  const closed = parser ? new Promise<void>((resolve) => parser.on('close', resolve)) : Promise.resolve();
  let size = 0;
  let held = 0;
  try {
    for await (const chunk of bodyChunks(req)) {
      size += chunk.length;
      if (size > limits.maxBytes) throw bodyTooLarge(limits.maxBytes);
      if (!limits.budget.take(chunk.length)) {
        throw new HttpError(503, 'busy', 'too many replies are being received at once; retry in a few seconds', { 'retry-after': '5' });
      }
      held += chunk.length;
      limits.onChunk(chunk);
      if (parser && failure === null && !parser.write(chunk)) await Promise.race([new Promise((r) => parser.once('drain', r)), closed]);
    }
    parser?.end();
    await closed;
  } finally {
    limits.budget.give(held);
    if (parser && !parser.destroyed) parser.destroy();
  }
  return failure === null ? { ok: true, fields, files, size } : { ok: false, reason: failure, size };
}

/** A busboy parser collecting into `fields` and `files`, or null (with the reason given to `fail`) when the request is not multipart. */
function openParser(
  req: IncomingMessage, limits: InboundFormLimits, fields: Map<string, Uint8Array>, files: PostedFile[], fail: (why: string) => void,
): Busboy | null {
  let parser: Busboy;
  try {
    // latin1 turns each byte into one character and back: the field's own charset is applied later, from `charsets`.
    parser = busboy({
      headers: req.headers, defCharset: 'latin1', defParamCharset: 'utf8',
      limits: { fieldSize: limits.maxBytes, fields: 200, files: 1000, parts: 1200 },
    });
  } catch (err) {
    fail((err as Error).message);
    return null;
  }
  parser.on('error', (err: Error) => fail(err.message));
  for (const what of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) parser.on(what, () => fail(`too many parts (${what})`));
  parser.on('field', (name, value) => {
    if (!fields.has(name)) fields.set(name, Buffer.from(value, 'latin1'));
  });
  parser.on('file', (field, stream, info) => {
    const kept: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limits.maxFileBytes) kept.push(chunk);
      else kept.length = 0;
    });
    stream.on('error', (err: Error) => fail(err.message));
    stream.on('end', () => files.push({
      field, filename: info.filename, contentType: info.mimeType, size,
      content: size <= limits.maxFileBytes ? Buffer.concat(kept, size) : null,
    }));
  });
  return parser;
}
