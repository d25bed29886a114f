/**
 * Where the local workspace is served and whether its demo clock runs. Decided once at start from the settings:
 *
 * - `LOCAL_WORKSPACE=auto` (default): served, at `/`, when no chat platform is configured and the database is the
 *   embedded one: the "try it" case of `npm start` on a fresh clone. A server given by DATABASE_URL holds a real
 *   ledger; an open workspace there would let anyone act as any owner, so it needs to be asked for.
 * - `LOCAL_WORKSPACE=on`: served as well: at `/` when no chat platform is configured, under `/local` only otherwise.
 * - `LOCAL_WORKSPACE=off`: never served.
 *
 * The demo clock (advance one day, jump to the next cadence step) exists only where the workspace is served and no
 * chat platform is configured: a server connected to Slack or Teams always runs on the real time.
 */
export interface WorkspaceMode {
  readonly served: boolean;
  /** `GET /` opens the workspace. */
  readonly atRoot: boolean;
  readonly clock: boolean;
}

export function localWorkspaceMode(setting: 'auto' | 'on' | 'off', opts: { chatConfigured: boolean; embedded: boolean }): WorkspaceMode {
  const served = setting === 'on' || (setting === 'auto' && !opts.chatConfigured && opts.embedded);
  const alone = served && !opts.chatConfigured;
  return { served, atRoot: alone, clock: alone };
}
