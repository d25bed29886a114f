import type { LinkSecretStore } from '../../src/services/link-secret.js';
import type { Sql } from './connect.js';

/**
 * The generated link secret in app_meta ('link_secret'). The first instance to start writes it; every later start,
 * and any instance racing the first, reads that same value back (INSERT … ON CONFLICT DO NOTHING, then SELECT).
 */
export function postgresLinkSecretStore(sql: Sql): LinkSecretStore {
  return {
    async keepFirst(candidate) {
      await sql`
        INSERT INTO app_meta (key, value) VALUES ('link_secret', ${sql.json(candidate as never)})
        ON CONFLICT (key) DO NOTHING`;
      const [row] = await sql<{ value: unknown }[]>`SELECT value FROM app_meta WHERE key = 'link_secret'`;
      return row?.value;
    },
  };
}
