/** Where the demo clock keeps its offset: app_meta in Postgres (wired in src/wire/local-workspace.ts). */
export interface MetaStore {
  read(key: string): Promise<unknown>;
  write(key: string, value: unknown): Promise<void>;
}

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
  /** Reads the stored offset from `meta`, where `advance` keeps it from then on. */
  enable(meta: MetaStore): Promise<void>;
  /** Moves the clock forward by `ms` (at least 0) and stores it; refused unless enabled. */
  advance(ms: number): Promise<Date>;
}

export const demoClockKey = 'local_demo_clock';

export function createDemoClock(base: () => Date): DemoClock {
  let offset = 0;
  let store: MetaStore | null = null;
  return {
    now: () => (offset === 0 ? base() : new Date(base().getTime() + offset)),
    enabled: () => store !== null,
    offsetMs: () => offset,
    async enable(meta) {
      const stored = (await meta.read(demoClockKey)) as { offset_ms?: unknown } | undefined;
      const ms = Number(stored?.offset_ms ?? 0);
      offset = Number.isSafeInteger(ms) && ms > 0 ? ms : 0;
      store = meta;
    },
    async advance(ms) {
      if (store === null) throw new Error('the demo clock is off: it runs only on the embedded demo ledger, without a chat platform or an email provider');
      if (!Number.isSafeInteger(ms) || ms < 0) throw new Error('the demo clock only moves forward');
      offset += ms;
      await store.write(demoClockKey, { offset_ms: offset });
      return new Date(base().getTime() + offset);
    },
  };
}
