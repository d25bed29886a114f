import { readMeta, writeMeta } from '../postgres/app-meta.js';
import type { Sql } from '../postgres/connect.js';

/**
 * The local workspace's demo clock: the real time plus an offset that only moves forward, kept in app_meta so a
 * restart keeps the demo's day. Until `enable` is called (only when localWorkspaceMode says so: the embedded demo
 * ledger, no chat platform, no email provider) the offset is zero and stays so, whatever app_meta holds: a real
 * ledger never runs on a moved clock.
 */
export interface DemoClock {
  readonly now: () => Date;
  readonly enabled: () => boolean;
  readonly offsetMs: () => number;
  enable(sql: Sql): Promise<void>;
  /** Moves the clock forward by `ms` (at least 0) and stores it; refused unless enabled. */
  advance(sql: Sql, ms: number): Promise<Date>;
}

const key = 'local_demo_clock';

export function createDemoClock(base: () => Date): DemoClock {
  let offset = 0;
  let on = false;
  return {
    now: () => (offset === 0 ? base() : new Date(base().getTime() + offset)),
    enabled: () => on,
    offsetMs: () => offset,
    async enable(sql) {
      const stored = (await readMeta(sql, key)) as { offset_ms?: unknown } | undefined;
      const ms = Number(stored?.offset_ms ?? 0);
      offset = Number.isSafeInteger(ms) && ms > 0 ? ms : 0;
      on = true;
    },
    async advance(sql, ms) {
      if (!on) throw new Error('the demo clock is off: it runs only on the embedded demo ledger, without a chat platform or an email provider');
      if (!Number.isSafeInteger(ms) || ms < 0) throw new Error('the demo clock only moves forward');
      offset += ms;
      await writeMeta(sql, key, { offset_ms: offset });
      return new Date(base().getTime() + offset);
    },
  };
}
