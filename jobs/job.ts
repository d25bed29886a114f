/** A scheduled job: a cron expression and one call into one service, for an explicit "as of" instant. */
export interface Job<D> {
  readonly name: string;
  /** node-cron expression (minute resolution, in COMPANY_TIMEZONE). */
  readonly schedule: string;
  readonly description: string;
  run(deps: D, now: Date): Promise<Record<string, unknown>>;
}
