import type { Sql } from './connect.js';

/** Claims one run of a job for a slot; false when another instance (or an earlier run) already has it. */
export async function claimJobSlot(sql: Sql, name: string, slot: string): Promise<boolean> {
  const rows = await sql`INSERT INTO job_runs (name, slot) VALUES (${name}, ${slot}) ON CONFLICT DO NOTHING RETURNING name`;
  return rows.length > 0;
}

export async function finishJobSlot(sql: Sql, name: string, slot: string, status: 'done' | 'failed', detail: unknown): Promise<void> {
  await sql`UPDATE job_runs SET status = ${status}, finished_at = now(), detail = ${sql.json(detail as never)}
            WHERE name = ${name} AND slot = ${slot}`;
}

export async function lastJobRun(sql: Sql, name: string): Promise<{ slot: string; status: string; finished_at: Date | null } | null> {
  const [r] = await sql<{ slot: string; status: string; finished_at: Date | null }[]>`
    SELECT slot, status, finished_at FROM job_runs WHERE name = ${name} ORDER BY started_at DESC LIMIT 1`;
  return r ?? null;
}
