import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** A postgres:// URL on loopback that the `postgres` driver can use like any server. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite persisted in `dataDir` and serves it on a loopback port over the wire protocol,
 * so arbot keeps one SQL code path (the `postgres` driver) for embedded and real servers.
 * PGlite is a single backend session: callers must use one connection (see connect.ts).
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // One client connection is used; allow a few more so a reconnect never races the old socket's close.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const [, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
