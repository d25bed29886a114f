import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const binPath = fileURLToPath(new URL('../../src/bin/arbot.js', import.meta.url));

/** The environment for a child arbot: only what the test names, plus PATH and HOME. */
export function childEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...vars };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `arbot <args>` as a real process (the `npx arbot` entry point) and waits for it to exit; after `timeoutMs`
 * it is killed (code null), so a process that should have refused cannot hang a test.
 */
export function runArbot(args: string[], env: NodeJS.ProcessEnv, opts: { cwd?: string; timeoutMs?: number } = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { env, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('close', () => clearTimeout(timer));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `arbot serve` and resolves with its port once it logs that it is running. */
export function startArbot(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number; logs: () => string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, 'serve'], { env });
    let out = '';
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const timer = setTimeout(() => {
      // Never left running: it would hold its DATA_DIR (and ports) for the tests after this one.
      child.kill('SIGKILL');
      reject(new Error(`arbot serve did not start in 100 s:\n${out}`));
    }, 100_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as { port?: number; msg?: string };
          if (entry.msg?.startsWith('arbot is running') && entry.port) {
            clearTimeout(timer);
            resolve({ child, port: entry.port, logs: () => out, exited });
          }
        } catch {
          // a partial line; the next chunk completes it
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`arbot serve exited with ${code} before starting:\n${out}`));
    });
  });
}
