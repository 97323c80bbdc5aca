import type { SocketModeActivity } from './socket-mode-types.js';

/** Who hears of each connection, delivery, ack and time-out: listeners, and those waiting on a condition. */
export class SocketModeActivityFeed {
  private readonly listeners = new Set<(activity: SocketModeActivity) => void>();
  private readonly waiters: (() => void)[] = [];

  /** Calls `listener` with each activity; returns the way to stop. */
  on(listener: (activity: SocketModeActivity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(activity: SocketModeActivity): void {
    for (const listener of this.listeners) listener(activity);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves when `done()` holds, checked after each announced activity (no polling). */
  until(done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (done() ? resolve() : this.waiters.push(check));
      check();
    });
  }
}
