import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, runArbot, startArbot } from '../support/spawn-cli.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';

// `arbot serve --role web|worker|all` (or ARBOT's ROLE): web serves HTTP without running jobs, worker runs jobs
// and answers only health and metrics, so each can be scaled on its own.

let dataDir: string;
let serverDb: TestDb | null = null;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'arbot-roles-'));
  if (!isEmbedded()) serverDb = await openTestDb();
});
afterAll(async () => {
  await serverDb?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** GET with an optional bearer token; the body as text. */
async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.text() };
}

const env = (extra: Record<string, string> = {}) => childEnv({
  DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: serverDb?.url ?? undefined, DEMO_LEDGER: 'off',
  API_TOKEN: 'an-api-token-for-the-role-tests', LOCAL_WORKSPACE: 'off', ...extra,
});

describe('arbot serve roles', () => {
  it('worker: runs the scheduled jobs and answers only /healthz, /readyz and /metrics', async () => {
    const app = await startArbot(env({ ROLE: 'worker' }));
    try {
      const base = `http://127.0.0.1:${app.port}`;
      expect(await get(`${base}/healthz`)).toMatchObject({ status: 200 });
      expect(await get(`${base}/readyz`)).toMatchObject({ status: 200 });
      const metrics = await get(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain('arbot_queue_depth{queue="alerts"}');
      expect(await get(`${base}/api/v1/kpi`, { authorization: 'Bearer an-api-token-for-the-role-tests' })).toMatchObject({ status: 404 });
      expect(app.logs()).toMatch(/role: worker/);
      expect(app.logs()).toMatch(/scheduled jobs started/);
    } finally {
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    }
  }, 120_000);

  it('web: serves the API without starting the scheduler', async () => {
    const app = await startArbot(env({ ROLE: 'web' }));
    try {
      const base = `http://127.0.0.1:${app.port}`;
      expect(await get(`${base}/api/v1/kpi`, { authorization: 'Bearer an-api-token-for-the-role-tests' })).toMatchObject({ status: 200 });
      expect(app.logs()).toMatch(/scheduled jobs run in the worker processes/);
      expect(app.logs()).not.toMatch(/scheduled jobs started/);
    } finally {
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    }
  }, 120_000);

  it('refuses an unknown role in one line, pointing at the usage, and exit 2', async () => {
    const r = await runArbot(['serve', '--role', 'boss'], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("arbot: --role boss: expected web, worker or all; see 'arbot serve --help'\n");
  }, 60_000);
});
