export const exitCodes = { ok: 0, failed: 1, usage: 2, rejected: 3 } as const;

export class UsageError extends Error {
  readonly code = 'usage';
}

export const usage = `arbot: collections chat-ops bot

Usage:
  arbot serve [--role R]       start the server (embedded Postgres unless DATABASE_URL is set); R: all (default),
                               web (HTTP only, no scheduled jobs) or worker (scheduled jobs, health and metrics)
  arbot migrate                apply database migrations and exit
  arbot import [--owners F] [--customers F] [--invoices F] [--payments F]
               [--credit-notes F] [--disputes F] [--dry-run] [--json]
                               load an ERP export (CSV); exit 0 all rows accepted, 3 some rejected, 2 usage
  arbot kpi [--as-of YYYY-MM-DD] [--currency XXX] [--segment S] [--json]
                               KPIs per currency as of a date (default: today in COMPANY_TIMEZONE)
  arbot check [--limit N] [--json]
                               verify the ledger's invariants and derived tables against a rebuild; exit 0 clean,
                               1 violations found (each with its ids; at most N listed per check, default 100)
  arbot demo                   load the built-in demo ledger into the configured database
  arbot help                   this text

Configuration is read from the environment; see README.md.`;
