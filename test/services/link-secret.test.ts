import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { resolveLinkSecret, type LinkSecretStore } from '../../src/services/link-secret.js';
import { createLogger } from '../../src/log.js';

function capturingLog() {
  const lines: string[] = [];
  const log = createLogger('info', new Writable({ write: (c, _e, cb) => { lines.push(String(c)); cb(); } }));
  return { log, text: () => lines.join('') };
}

/** A store that keeps the first value offered, like app_meta with ON CONFLICT DO NOTHING. */
function memoryStore(initial?: unknown): LinkSecretStore & { offered: number } {
  let value = initial;
  return {
    offered: 0,
    async keepFirst(candidate) {
      this.offered++;
      value ??= candidate;
      return value;
    },
  };
}

describe('resolveLinkSecret', () => {
  it('uses LINK_SECRET when set, without touching the store, and never logs it', async () => {
    const { log, text } = capturingLog();
    const store = memoryStore();
    const r = await resolveLinkSecret('s'.repeat(40), store, log);
    expect(r).toEqual({ secret: Buffer.from('s'.repeat(40)), source: 'LINK_SECRET' });
    expect(store.offered).toBe(0);
    expect(text()).toContain('LINK_SECRET');
    expect(text()).not.toContain('s'.repeat(40));
  });

  it('generates 32 random bytes once and reads them back on every later start', async () => {
    const { log, text } = capturingLog();
    const store = memoryStore();
    const first = await resolveLinkSecret(undefined, store, log);
    const second = await resolveLinkSecret(undefined, store, log, () => Buffer.alloc(32, 9));
    expect(first.source).toBe('database');
    expect(first.secret).toHaveLength(32);
    expect(second.secret.equals(first.secret)).toBe(true);
    expect(text()).not.toContain(first.secret.toString('base64url'));
  });

  it.each([
    ['a string', 'secret'],
    ['a short secret', { secret: 'abc' }],
    ['something else', { key: 'x'.repeat(43) }],
  ])('refuses a stored value that is %s', async (_what, stored) => {
    await expect(resolveLinkSecret(undefined, memoryStore(stored), capturingLog().log)).rejects.toMatchObject({ code: 'invalid_link_secret' });
  });
});
