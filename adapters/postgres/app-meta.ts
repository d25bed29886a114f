import type { Sql } from './connect.js';

export async function readMeta(sql: Sql, key: string): Promise<unknown> {
  const [row] = await sql<{ value: unknown }[]>`SELECT value FROM app_meta WHERE key = ${key}`;
  return row?.value;
}

export async function writeMeta(sql: Sql, key: string, value: unknown): Promise<void> {
  await sql`
    INSERT INTO app_meta (key, value) VALUES (${key}, ${sql.json(value as never)})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`;
}
