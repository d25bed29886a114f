import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../log.js';

/** Where a generated secret is kept: returns whatever is stored after offering `candidate` (the first one wins). */
export interface LinkSecretStore {
  keepFirst(candidate: { secret: string }): Promise<unknown>;
}

export interface ResolvedLinkSecret {
  /** The HMAC key for dispute links and their forms. */
  readonly secret: Buffer;
  readonly source: 'LINK_SECRET' | 'database';
}

export class LinkSecretError extends Error {
  readonly code = 'invalid_link_secret';
}

const stored = z.object({ secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/**
 * The secret that signs dispute links: LINK_SECRET when set; otherwise 32 random bytes generated once and kept in
 * the database, so links in emails already sent keep working across restarts on the zero-config default.
 * Setting LINK_SECRET later invalidates links signed with the generated one. Never logs the secret.
 */
export async function resolveLinkSecret(
  configured: string | undefined,
  store: LinkSecretStore,
  log: Logger,
  generate: () => Buffer = () => randomBytes(32),
): Promise<ResolvedLinkSecret> {
  if (configured !== undefined && configured !== '') {
    log.info('dispute links: signed with LINK_SECRET');
    return { secret: Buffer.from(configured, 'utf8'), source: 'LINK_SECRET' };
  }
  const value = stored.safeParse(await store.keepFirst({ secret: generate().toString('base64url') }));
  if (!value.success) {
    throw new LinkSecretError("app_meta 'link_secret' does not hold a secret arbot generated; set LINK_SECRET, or delete that row to generate a new one (links already sent stop working)");
  }
  log.info('dispute links: signed with a secret generated on first start and kept in the database (set LINK_SECRET to choose your own)');
  return { secret: Buffer.from(value.data.secret, 'base64url'), source: 'database' };
}
