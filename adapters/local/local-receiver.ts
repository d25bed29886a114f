import { AsyncLocalStorage } from 'node:async_hooks';
import type { App, Receiver } from '@slack/bolt';

/** What became of one interaction handed to Bolt. */
export interface Delivery {
  /** Whether a listener called ack(), and with what (a modal's response_action, a command's reply). */
  readonly acked: boolean;
  readonly response: unknown;
  /** The error a listener threw (what app.error saw), if any. */
  readonly error: Error | null;
}

const current = new AsyncLocalStorage<{ error: Error | null }>();

/**
 * Bolt's Receiver for the local workspace: nothing to listen on (arbot's HTTP server takes the browser's posts),
 * so init, start and stop only remember or forget the app. `deliver` hands a body to `app.processEvent` exactly as
 * Bolt's HTTPReceiver does after parsing Slack's request, and resolves once every listener has finished.
 */
export class LocalReceiver implements Receiver {
  private app: App | null = null;

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** For app.error: records the error against the interaction being delivered, when there is one. */
  static noteError(error: Error): boolean {
    const store = current.getStore();
    if (store) store.error = error;
    return store !== undefined;
  }

  async deliver(body: Record<string, unknown>): Promise<Delivery> {
    if (!this.app) throw new Error('the local receiver is not attached to a Bolt app');
    const app = this.app;
    let acked = false;
    let response: unknown;
    const state = { error: null as Error | null };
    await current.run(state, () => app.processEvent({
      body,
      ack: async (r?: unknown) => {
        // Bolt's own receivers refuse a second ack the same way.
        if (acked) throw new Error('ack() was already called for this interaction');
        acked = true;
        response = r;
      },
    }));
    return { acked, response, error: state.error };
  }
}
