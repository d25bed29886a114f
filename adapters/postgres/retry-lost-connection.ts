/** Errors of a lost connection (a database restart, a failover): the statement did not run, and may be retried. */
const connectionLost = new Set(['57P01', '57P02', '57P03', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ECONNRESET', 'ECONNREFUSED']);

/**
 * Runs a write that records something already done outside the database (a chat post, an email send) and must
 * not be lost: a lost connection is retried on a fresh one (postgres.js reconnects) for about 4 s, any other
 * error is thrown at once.
 */
export async function retryOnLostConnection(work: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (err) {
      if (attempt >= 6 || !connectionLost.has(String((err as { code?: unknown }).code))) throw err;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}
