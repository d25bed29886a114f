import postgres from 'postgres';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';

export type Sql = postgres.Sql<{ bigint: bigint }>;

export interface Database {
  readonly sql: Sql;
  /** "embedded" runs PGlite in-process: a single session, so one instance only. */
  readonly kind: 'server' | 'embedded';
  /** Where it lives, safe to print: host/database for a server, the folder for embedded. */
  readonly where: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  readonly max?: number;
}

function client(url: string, max: number, server: boolean): Sql {
  return postgres(url, {
    max,
    // int8 as BigInt: money is bigint minor units end to end, never a float.
    types: { bigint: postgres.BigInt },
    onnotice: () => {},
    // JIT compiles every large query for seconds and wins nothing on arbot's short OLTP queries.
    connection: server ? { application_name: 'arbot', jit: 'off' } : { application_name: 'arbot' },
    // postgres.js 3.4.9 skips reserving a transaction's connection when its BEGIN is the query that fills the
    // connection's pipeline (porsager/postgres#1189, #823): under load a `sql.begin` then fails with
    // UNSAFE_TRANSACTION (seen once in 3,000 benchmark clicks). With no pipeline limit that case cannot arise.
    // (An option of the driver its type definitions leave out.)
    ...({ max_pipeline: Number.MAX_SAFE_INTEGER } as object),
  }) as unknown as Sql;
}

/** Connects to DATABASE_URL when given, else starts the embedded Postgres under `dataDir`. */
export async function openDatabase(opts: ConnectOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const sql = client(opts.databaseUrl, opts.max ?? 10, true);
    const u = new URL(opts.databaseUrl);
    return { sql, kind: 'server', where: `${u.hostname}:${u.port || 5432}${u.pathname}`, close: () => sql.end({ timeout: 5 }) };
  }
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres(opts.dataDir);
  // PGlite has one backend session behind every socket: with more than one connection, statements of
  // different callers could interleave inside each other's transactions. One connection keeps them apart.
  const sql = client(embedded.url, 1, false);
  return {
    sql,
    kind: 'embedded',
    where: opts.dataDir,
    async close() {
      await sql.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}
