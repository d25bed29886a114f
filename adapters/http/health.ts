import type { Sql } from '../postgres/connect.js';
import { isSchemaCurrent } from '../postgres/migrator.js';
import { sendJson } from './respond.js';
import type { Route } from './server.js';

async function reachable(sql: Sql): Promise<boolean> {
  try {
    await Promise.race([
      sql`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** /healthz: 200 while the database answers, 503 otherwise. /readyz also requires every migration applied. */
export function healthRoutes(sql: Sql): Route[] {
  return [
    {
      method: 'GET', path: '/healthz',
      handler: async (_req, res) => {
        const ok = await reachable(sql);
        sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', database: ok ? 'reachable' : 'unreachable' });
      },
    },
    {
      method: 'GET', path: '/readyz',
      handler: async (_req, res) => {
        const ok = (await reachable(sql)) && (await isSchemaCurrent(sql));
        sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not_ready' });
      },
    },
  ];
}
