import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { migrate } from '../../adapters/postgres/migrator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Real server: the name of a migrated template database. Embedded: a migrated PGlite data folder. */
    dbTemplate: { kind: 'server'; url: string; template: string } | { kind: 'embedded'; dataDir: string };
  }
}

/**
 * Migrates one template per test run; each test file then gets its own copy (CREATE DATABASE … TEMPLATE on a
 * real server, a copied data folder for PGlite), so files run in parallel without seeing each other's rows.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `arbot_tpl_${process.pid}_${Date.now().toString(36)}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${template}`);
    const u = new URL(url);
    u.pathname = `/${template}`;
    const db = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    await migrate(db.sql);
    await db.close();
    project.provide('dbTemplate', { kind: 'server', url, template });
    return async () => {
      const leftovers = await admin<{ datname: string }[]>`
        SELECT datname FROM pg_database WHERE datname LIKE ${`arbot_t_${process.pid}_%`} OR datname = ${template}`;
      for (const { datname } of leftovers) await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'arbot-tpl-'));
  const db = await openDatabase({ dataDir });
  await migrate(db.sql);
  await db.close();
  project.provide('dbTemplate', { kind: 'embedded', dataDir });
  return async () => {
    await rm(dataDir, { recursive: true, force: true });
  };
}
