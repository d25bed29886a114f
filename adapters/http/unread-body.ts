import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a request may still send after a keep-alive answer, read and discarded, before its connection is closed. */
const drainBytes = 64 * 1024;

/** How long, at most, a connection closed with its body unread stays open after its answer and FIN, for the client. */
export const lingerMs = 3_000;

/** Sockets closing by lingerThenClose. */
const lingering = new WeakSet<object>();

/**
 * Why a connection with a body still arriving is never simply destroyed after its answer (a 401 from the headers, a
 * 413 mid-stream): closing a socket whose received bytes are unread makes the kernel send a reset, and bytes the
 * client sends after the close meet one too. A client still uploading then gets EPIPE or ECONNRESET on its next
 * write, and gives up before it reads the answer already waiting in its receive buffer whenever that write comes
 * first (Node's net client does; which comes first depends on scheduling, so it shows under load). This is the "TCP
 * reset problem" of RFC 9112 §9.6, and the remedy is a lingering close: the answer says `Connection: close`, a FIN
 * follows it, nothing more is taken from the body, and the socket is closed only when the client has closed or
 * `lingerMs` have passed. Meanwhile the client's bytes wait in the kernel and its writes block instead of failing,
 * so it reads the answer (and the end of the stream) whenever it gets to it, and stops sending.
 */
function lingerThenClose(req: IncomingMessage): void {
  const socket = req.socket;
  if (lingering.has(socket)) return;
  lingering.add(socket);
  if (!socket.writableEnded) socket.end();
  // node:http stops reading once the paused request's small buffer is full: no memory, no work for the rest of a
  // body. (A body node:http dumped, refused before it was read, is still read and dropped by node:http, so the
  // client's own close ends that connection at once.)
  req.pause();
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/**
 * For an answer sent before the request's body was read: it says `Connection: close`, and once it is out the
 * connection lingers (above) instead of Node's close, which destroys the socket as soon as the FIN is written.
 * Call before the answer's headers are written; a request whose body already arrived whole is left alone.
 */
export function closeAfterUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete || req.destroyed || res.headersSent) return;
  res.setHeader('connection', 'close');
  const socket = req.socket;
  const destroySoon = socket.destroySoon;
  // node:http ends the connection of a `Connection: close` answer with socket.destroySoon() once the answer is out.
  socket.destroySoon = function lingerInstead() {
    socket.destroySoon = destroySoon;
    if (req.complete) destroySoon.call(socket);
    else lingerThenClose(req);
  };
}

/**
 * Once an answer is out (its 'finish'), a body nobody read: after a keep-alive answer, up to `drainBytes` of it is
 * read and discarded, so a small leftover keeps the connection usable; past that the connection lingers and closes.
 * Node alone would drain any amount, however large, to keep the connection alive. A body no handler began to read
 * was already dumped by node:http by then (its bytes dropped, no 'data' events), so it is not counted here: error
 * answers, the usual case, reach closeAfterUnreadBody first and linger instead.
 */
export function discardUnreadBody(req: IncomingMessage): void {
  if (req.complete || req.destroyed || lingering.has(req.socket)) return;
  let left = drainBytes;
  const onData = (chunk: Buffer) => {
    left -= chunk.length;
    if (left >= 0) return;
    req.off('data', onData);
    lingerThenClose(req);
  };
  req.on('data', onData);
  req.resume();
}
