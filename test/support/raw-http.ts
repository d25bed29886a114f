import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

export interface RawExchange {
  /** Everything the server sent back before it closed the connection or the time ran out. */
  readonly response: string;
  /** The status of the first response, or null when none came (the server closed or reset first). */
  readonly status: number | null;
}

export interface RawStep {
  /** Bytes to write. */
  readonly send?: string | Buffer;
  /** Then wait this long before the next step (a slow sender). */
  readonly pauseMs?: number;
  /** Then cut the connection (an early disconnect): nothing more is sent or read. */
  readonly destroy?: boolean;
}

const statusOf = (text: string) => {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return m ? Number(m[1]) : null;
};

/**
 * Plays `steps` on one TCP connection to 127.0.0.1:`port`, then reads until the server closes or `timeoutMs` passes.
 * A write the server refuses (EPIPE, reset) ends the steps; what was received until then is kept.
 */
export function rawExchange(port: number, steps: readonly RawStep[] | string | Buffer, timeoutMs = 3000): Promise<RawExchange> {
  const plan: readonly RawStep[] = typeof steps === 'string' || Buffer.isBuffer(steps) ? [{ send: steps }] : steps;
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const response = Buffer.concat(chunks).toString('latin1');
      resolve({ response, status: statusOf(response) });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => finish());
    socket.on('close', () => finish());
    socket.once('connect', async () => {
      for (const step of plan) {
        if (done || socket.destroyed) return;
        if (step.send !== undefined) {
          const ok = socket.write(step.send);
          if (!ok) await new Promise<void>((r) => { socket.once('drain', r); socket.once('close', r); });
        }
        if (step.pauseMs) await new Promise((r) => setTimeout(r, step.pauseMs));
        if (step.destroy) return finish();
      }
    });
  });
}

/**
 * Streams `total` bytes of `fill` after `head` on one connection, a chunk at a time, stopping as soon as the server
 * answers or closes; resolves with the status it answered (null if none) and how many body bytes were sent.
 */
export function streamUpload(port: number, head: string, total: number, fill = 0x78, timeoutMs = 60_000): Promise<{ status: number | null; sent: number }> {
  const chunk = Buffer.alloc(256 * 1024, fill);
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let sent = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: statusOf(received), sent });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      if (/\r\n\r\n/.test(received)) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.once('connect', () => {
      socket.write(head);
      const pump = () => {
        while (!done && sent < total) {
          const n = Math.min(chunk.length, total - sent);
          sent += n;
          if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  });
}

/** A field of /proc/<pid>/status in kB (VmRSS: resident now; VmHWM: the peak since start or the last reset). */
export function procKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} for process ${pid}`);
  return Number(m[1]);
}

/** Resets VmHWM to the current resident size (Linux clear_refs 5), so a later VmHWM is the peak from now on. */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
