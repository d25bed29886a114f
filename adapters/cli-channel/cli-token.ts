import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// The credential a CLI process shows the server that holds DATA_DIR: a random token in DATA_DIR/cli-token, which
// only the user running the server can read (mode 0600). The socket is 0600 too; the token also covers systems
// that ignore permissions on socket files.

export const cliTokenPath = (dataDir: string): string => join(dataDir, 'cli-token');

/** Writes a new token (a file created afresh, so its mode is 0600 whatever was there before). */
export async function writeCliToken(dataDir: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const path = cliTokenPath(dataDir);
  await unlink(path).catch(() => {});
  await writeFile(path, token, { flag: 'wx', mode: 0o600 });
  return token;
}

export async function readCliToken(dataDir: string): Promise<string> {
  return (await readFile(cliTokenPath(dataDir), 'utf8')).trim();
}

export async function removeCliToken(dataDir: string): Promise<void> {
  await unlink(cliTokenPath(dataDir)).catch(() => {});
}

export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
