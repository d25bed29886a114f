import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importApiRoutes } from '../../adapters/http/import-api.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { lingerMs } from '../../adapters/http/unread-body.js';
import { postgresImportStore } from '../../adapters/postgres/ledger-import-store.js';
import { quietLog } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// An answer sent while the client is still uploading (413 on an NDJSON line over the limit, 401 from the headers)
// must reach the client even when the client's next write comes before its read, as it does on a busy machine
// (body-memory.test.ts once got no status at all for its 200 MB line). Here that order is made certain: the
// client reads nothing until the server has answered and closed its side, writes once more, and only then reads.

const token = 'answer-before-body-token-0123456789';
const limit = 64 * 1024;
const MiB = 1024 * 1024;
let db: TestDb;
let http: HttpServer;
let port: number;
/** The server's side of each connection, in the order they were accepted. */
const serverSockets: Socket[] = [];

beforeAll(async () => {
  db = await openTestDb();
  http = createHttpServer(importApiRoutes({ store: postgresImportStore(db.sql), apiToken: token, maxBodyBytes: limit, defaultTimezone: 'UTC' }), quietLog);
  http.server.on('connection', (s: Socket) => serverSockets.push(s));
  port = await http.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await http?.close(1000);
  await db?.close();
});

const head = (headers: Record<string, string>, length = 200 * MiB) => `POST /api/v1/invoices HTTP/1.1\r\n${
  Object.entries({ host: '127.0.0.1', ...headers, 'content-type': 'application/x-ndjson', 'content-length': String(length) })
    .map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

/** Writes `data`; resolves with the write's error code, or null once the bytes are handed to the kernel. */
const write = (socket: Socket, data: string | Buffer) =>
  new Promise<string | null>((resolve) => socket.write(data, (err) => resolve(err ? ((err as NodeJS.ErrnoException).code ?? err.message) : null)));

/** Until `done` holds, checking every 10 ms, for at most `ms`. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(10)) if (done()) return true;
  return done();
}

/** Everything the socket receives from now on, until its end, its error or `ms`. */
function readAll(socket: Socket, ms: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const done = () => {
      clearTimeout(timer);
      resolve(text);
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.once('end', done);
    socket.once('close', done);
    socket.once('error', done);
    socket.resume();
  });
}

describe('an answer sent before the body is read, to a client still uploading', () => {
  it.each([
    ['413 for an NDJSON line over the limit', { authorization: `Bearer ${token}` }, 413, 'line_too_large'],
    ['401 from the headers', {}, 401, 'unauthorized'],
  ])('%s reaches a client whose next write comes after the server closed its side, before its read', async (_what, headers, status, code) => {
    const accepted = serverSockets.length;
    const client = connect(port, '127.0.0.1');
    let clientError: string | null = null;
    client.on('error', (err: NodeJS.ErrnoException) => (clientError ??= err.code ?? err.message));
    await new Promise((r) => client.once('connect', r));
    // Nothing is read from here on: the answer, and whatever the server does next, wait in the kernel.
    client.pause();
    // A megabyte, well past the limit and past what the server may drain: enough for the server to answer and close.
    client.write(head(headers) + 'x'.repeat(MiB));
    expect(await until(() => serverSockets.length > accepted, 5000)).toBe(true);
    const server = serverSockets[accepted]!;
    expect(await until(() => server.writableEnded || server.destroyed, 5000), 'the server never closed its side').toBe(true);
    await sleep(50);

    // The next write, before any read. (It may wait for room in the kernel: the client does not wait for it.)
    client.write(Buffer.alloc(256 * 1024, 0x78));
    const response = await readAll(client, 5000);

    // The old server reset the connection here: the write failed (ECONNRESET) and the client never saw a status.
    expect({ clientError, status: /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? null }).toEqual({ clientError: null, status: String(status) });
    const [headText, body] = response.split('\r\n\r\n') as [string, string];
    expect(headText).toMatch(/^connection: close$/im);
    expect(JSON.parse(body)).toMatchObject({ error: { code } });
    client.destroy();
  });

  it(`closes a connection whose client never stops sending, once it has lingered ${lingerMs} ms`, async () => {
    const accepted = serverSockets.length;
    const client = connect(port, '127.0.0.1');
    let clientError: string | null = null;
    client.on('error', (err: NodeJS.ErrnoException) => (clientError = err.code ?? err.message));
    await new Promise((r) => client.once('connect', r));
    client.pause();
    const chunk = Buffer.alloc(256 * 1024, 0x78);
    let stop = false;
    const pump = async () => {
      // A body no pump gets through in the time the server lingers: only the timer can end it.
      if (await write(client, head({ authorization: `Bearer ${token}` }, 1024 * 1024 * MiB))) return;
      while (!stop && !client.destroyed) if (await write(client, chunk)) return;
    };
    const pumping = pump();
    expect(await until(() => serverSockets.length > accepted, 5000)).toBe(true);
    const server = serverSockets[accepted]!;
    expect(await until(() => server.writableEnded, 5000), 'the server never answered').toBe(true);
    const ended = Date.now();
    // Open while it lingers (the client blocked, not failing), then closed, without waiting for the body.
    expect(await until(() => server.destroyed, lingerMs + 3000), `still open ${lingerMs + 3000} ms after its answer`).toBe(true);
    expect(Date.now() - ended).toBeGreaterThanOrEqual(lingerMs - 100);
    stop = true;
    await pumping;
    expect(clientError).toMatch(/^(ECONNRESET|EPIPE)$/);
    client.destroy();
  }, 20_000);
});
