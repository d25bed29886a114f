import type { Json, LocalView, NewView } from '../../src/ports/local-slack-store.js';
import type { Sql } from './connect.js';

// The local workspace's modals and home tabs (migration 006), as the Slack emulator stores them.

type ViewRow = { id: string; user_id: string; kind: 'modal' | 'home'; root_id: string; depth: number; view: Json; errors: Record<string, string> | null };

const view = (r: ViewRow): LocalView => ({ id: r.id, userId: r.user_id, kind: r.kind, rootId: r.root_id, depth: r.depth, view: r.view, errors: r.errors });

export async function insertLocalView(sql: Sql, v: NewView): Promise<void> {
  await sql`
    INSERT INTO local_views (id, user_id, kind, root_id, depth, view)
    VALUES (${v.id}, ${v.userId}, ${v.kind}, ${v.rootId}, ${v.depth}, ${sql.json(v.view as never)})`;
}

export async function findLocalView(sql: Sql, id: string): Promise<LocalView | null> {
  const [r] = await sql<ViewRow[]>`SELECT * FROM local_views WHERE id = ${id} AND closed_at IS NULL`;
  return r ? view(r) : null;
}

export async function findLocalViewByExternalId(sql: Sql, externalId: string): Promise<LocalView | null> {
  const [r] = await sql<ViewRow[]>`SELECT * FROM local_views WHERE view->>'external_id' = ${externalId} AND closed_at IS NULL ORDER BY updated_at DESC LIMIT 1`;
  return r ? view(r) : null;
}

export async function replaceLocalView(sql: Sql, id: string, content: Json, errors: Record<string, string> | null = null): Promise<void> {
  await sql`
    UPDATE local_views SET view = ${sql.json(content as never)}, errors = ${errors === null ? null : sql.json(errors)}, updated_at = now()
    WHERE id = ${id}`;
}

export async function topLocalModal(sql: Sql, userId: string): Promise<LocalView | null> {
  const [r] = await sql<ViewRow[]>`
    SELECT * FROM local_views WHERE user_id = ${userId} AND kind = 'modal' AND closed_at IS NULL ORDER BY depth DESC, updated_at DESC LIMIT 1`;
  return r ? view(r) : null;
}

export async function closeLocalModal(sql: Sql, v: LocalView): Promise<void> {
  await sql`UPDATE local_views SET closed_at = now() WHERE root_id = ${v.rootId} AND depth >= ${v.depth} AND closed_at IS NULL`;
}

export async function closeAllLocalModals(sql: Sql, userId: string): Promise<void> {
  await sql`UPDATE local_views SET closed_at = now() WHERE user_id = ${userId} AND kind = 'modal' AND closed_at IS NULL`;
}

export async function publishLocalHome(sql: Sql, userId: string, id: string, content: Json): Promise<void> {
  await sql`
    INSERT INTO local_views (id, user_id, kind, root_id, depth, view) VALUES (${id}, ${userId}, 'home', ${id}, 0, ${sql.json(content as never)})
    ON CONFLICT (user_id) WHERE kind = 'home' DO UPDATE SET view = excluded.view, updated_at = now()`;
}

export async function localHomeOf(sql: Sql, userId: string): Promise<LocalView | null> {
  const [r] = await sql<ViewRow[]>`SELECT * FROM local_views WHERE user_id = ${userId} AND kind = 'home'`;
  return r ? view(r) : null;
}
