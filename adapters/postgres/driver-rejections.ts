import type { Logger } from '../../src/log.js';

// postgres.js 3.4.x reads the array types on every new connection and drops that query's promise
// (connection.js `return fetchArrayTypes()` in ReadyForQuery): when a backend is terminated or the query cancelled at
// that moment (a database restart, a failover, pg_terminate_backend), the error surfaces as an unhandled rejection
// no caller can catch, and Node's default ends the process. Open upstream: porsager/postgres#1192, #1205, #1223
// (3.4.10 still has it). The connection itself reconnects and the next query runs; only this stray promise is lost.

/**
 * Whether an unhandled rejection is that dropped promise: a PostgresError of the driver's own array-types query.
 * @example isDriverTypesFetchFailure(Object.assign(new Error('terminating connection'), { name: 'PostgresError', query: "select b.oid, b.typarray from pg_catalog.pg_type a … where a.typcategory = 'A'" })) // true
 */
export function isDriverTypesFetchFailure(reason: unknown): boolean {
  // Also as a test runner hands it over: serialized, no longer an Error instance, its fields kept.
  if (typeof reason !== 'object' || reason === null) return false;
  const { name, query } = reason as { name?: unknown; query?: unknown };
  return name === 'PostgresError' && typeof query === 'string' && query.includes('pg_catalog.pg_type') && query.includes("typcategory = 'A'");
}

let installed = false;

/**
 * Keeps a database restart from ending the process through that driver defect: its rejection is logged as a
 * warning. Every other unhandled rejection keeps Node's behaviour (logged, then the process exits with 1), so a
 * real bug still stops arbot visibly. Installed once per process.
 */
export function survivePostgresTypeFetchFailures(log: Logger): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    if (isDriverTypesFetchFailure(reason)) {
      log.warn({ err: (reason as Error).message }, 'database connection lost while it started; the driver reconnects');
      return;
    }
    log.fatal({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled rejection: stopping');
    process.exit(1);
  });
}
