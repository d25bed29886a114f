import postgres from 'postgres';

// Benchmarks run on the real server, never on embedded PGlite: its figures would say nothing about production.

/** BENCH_DATABASE_URL, else DATABASE_URL, else the machine's local server (trust auth). */
export function benchDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.BENCH_DATABASE_URL || env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

/** Safe to print: host, port and database, no password. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

export type Admin = postgres.Sql;

export function adminClient(url: string): Admin {
  return postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
}

/** The server's version when it answers, else why not. */
export async function probe(url: string): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  const sql = adminClient(url);
  try {
    const [r] = await sql<{ v: string }[]>`SELECT current_setting('server_version') AS v`;
    return { ok: true, version: r!.v };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** A new, empty database arbot_bench_<timestamp> on the server of `url`; drop() removes it even if still in use. */
export async function createBenchDatabase(admin: Admin, url: string): Promise<BenchDatabase> {
  const name = `arbot_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
