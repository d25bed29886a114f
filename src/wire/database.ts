import { writeMeta } from '../../adapters/postgres/app-meta.js';
import { openDatabase, type Database } from '../../adapters/postgres/connect.js';
import { postgresImportStore } from '../../adapters/postgres/ledger-import-store.js';
import { migrate } from '../../adapters/postgres/migrator.js';
import { isLedgerEmpty } from '../../adapters/postgres/ledger-empty.js';
import { insertPromise, insertSentReminder } from '../../adapters/postgres/promises.js';
import { insertDemoPlan } from '../../adapters/postgres/demo-plans.js';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import type { Config } from '../config.js';
import { dateInZone } from '../domain/calendar-date.js';
import type { Logger } from '../log.js';
import { loadDemoLedger, type DemoLoad } from '../services/load-demo-ledger.js';

// Opening the database and loading the demo, apart from the server's wiring: CLI commands that need only the
// database (import, migrate, demo) load this and not Slack, Teams and the HTTP server.

export async function openMigratedDatabase(config: Config, log: Logger): Promise<Database> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const applied = await migrate(db.sql);
  if (applied.length > 0) log.info({ applied }, `applied ${applied.length} migration(s)`);
  return db;
}

/** Loads the demo ledger into `db` now when its ledger is empty (else refuses, writing nothing); marks it loaded. */
export async function loadDemo(db: Database, config: Config, now: Date): Promise<DemoLoad> {
  const today = dateInZone(now, config.COMPANY_TIMEZONE);
  const loaded = await loadDemoLedger(
    { store: postgresImportStore(db.sql), ledgerIsEmpty: () => isLedgerEmpty(db.sql), recordPromise: (p) => insertPromise(db.sql, p), recordSentReminder: (r) => insertSentReminder(db.sql, r),
      recordPlan: (p) => insertDemoPlan(db.sql, postgresPaymentPlanStore(db.sql), p, config.COMPANY_TIMEZONE) },
    today,
    config.COMPANY_TIMEZONE,
  );
  if (loaded.ok) await writeMeta(db.sql, 'demo_ledger', { loaded_at: now.toISOString(), as_of: today });
  return loaded;
}
