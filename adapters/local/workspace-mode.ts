/**
 * Where the local workspace is served and whether its demo clock runs. Decided once at start from the settings:
 *
 * - `LOCAL_WORKSPACE=auto` (default): served, at `/`, when no chat platform is configured and the database is the
 *   embedded one: the "try it" case of `npm start` on a fresh clone. A server given by DATABASE_URL holds a real
 *   ledger; an open workspace there would let anyone act as any owner, so it needs to be asked for.
 * - `LOCAL_WORKSPACE=on`: served as well: at `/` when no chat platform is configured, under `/local` only otherwise.
 * - `LOCAL_WORKSPACE=off`: never served.
 *
 * The demo clock (advance one day, jump to the next cadence step) moves the time of everything (the cadence, the
 * dispute links, the email events' freshness) for good, so it exists only in the demo: where the workspace is
 * served with no chat platform, on the embedded database holding the demo ledger, and with no email provider (a
 * reminder sent "16 days early" reaches a real customer). Anywhere else the server runs on the real time.
 */
export interface WorkspaceMode {
  readonly served: boolean;
  /** `GET /` opens the workspace. */
  readonly atRoot: boolean;
  readonly clock: boolean;
  /** Why the demo clock is off (null when on): what its controls answer instead of moving the time. */
  readonly clockOff: string | null;
}

export interface WorkspaceFacts {
  /** Slack or Teams is configured. */
  readonly chatConfigured: boolean;
  /** The database is the embedded one (no DATABASE_URL). */
  readonly embedded: boolean;
  /** The database holds the demo ledger (app_meta `demo_ledger`, written when the demo was loaded). */
  readonly demoLedger: boolean;
  /** Customer emails go out through a provider (SENDGRID_API_KEY), not to the local outbox. */
  readonly emailProvider: boolean;
}

export function localWorkspaceMode(setting: 'auto' | 'on' | 'off', f: WorkspaceFacts): WorkspaceMode {
  const served = setting === 'on' || (setting === 'auto' && !f.chatConfigured && f.embedded);
  const alone = served && !f.chatConfigured;
  const clock = alone && f.embedded && f.demoLedger && !f.emailProvider;
  return { served, atRoot: alone, clock, clockOff: clock ? null : clockOffReason(f) };
}

function clockOffReason(f: WorkspaceFacts): string {
  if (f.chatConfigured) return 'a chat platform is configured';
  if (!f.embedded) return 'the database is a server (DATABASE_URL), which holds a real ledger';
  if (f.emailProvider) return 'an email provider is configured (SENDGRID_API_KEY): reminders would reach real customers';
  if (!f.demoLedger) return 'this embedded database does not hold the demo ledger';
  return 'the local workspace is not served';
}
