import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { jsonErrorLine } from '../domain/json-error-line.js';
import { UsageError } from './usage.js';

/** What a policy file's parser answers: the policy, or what to fix and on which line of the file (null: unknown). */
export type PolicyParse<P> = { readonly ok: true; readonly policy: P } | { readonly ok: false; readonly reason: string; readonly line: number | null };

/**
 * `arbot policy NAME [show|load FILE.json]`'s arguments: the subcommand (show by default) and, for load, the file.
 * @example policyArgs('terms', ['load', 'terms.json']) // { sub: 'load', file: 'terms.json' }
 */
export function policyArgs(name: string, args: readonly string[]): { sub: 'show' } | { sub: 'load'; file: string } {
  const [sub = 'show', file, extra] = args;
  if (sub !== 'show' && sub !== 'load') throw new UsageError(`unknown subcommand ${sub} for policy ${name} (show or load FILE.json)`);
  if (sub === 'load' && file === undefined) throw new UsageError(`name the file: arbot policy ${name} load FILE.json`);
  if (extra !== undefined || (sub === 'show' && file !== undefined)) throw new UsageError(`unexpected argument ${extra ?? file} for policy ${name} ${sub}`);
  return sub === 'load' ? { sub, file: file! } : { sub };
}

/**
 * Reads and checks a policy file, or writes what to fix (`FILE:LINE: what`) on `err` and answers null: a file that
 * cannot be read, JSON that does not parse (with the line of the error) or a policy the parser refuses.
 */
export async function readPolicyFile<P>(
  file: string, cwd: string, err: NodeJS.WritableStream, parse: (json: unknown, text: string) => PolicyParse<P>,
): Promise<P | null> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (e) {
    err.write(`${file}: not a readable file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const line = jsonErrorLine(text);
    err.write(`${file}${line === null ? '' : `:${line}`}: not valid JSON (${(e as Error).message})\n`);
    return null;
  }
  const parsed = parse(json, text);
  if (!parsed.ok) {
    err.write(`${file}${parsed.line === null ? '' : `:${parsed.line}`}: ${parsed.reason}\n`);
    return null;
  }
  return parsed.policy;
}
