import type { OutboxItem, OutboxStore } from '../store/ports.js';
import { classifySlackError } from './errors.js';
import type { DeliveryLogger } from './slack-port.js';

/** Pending state changes looked at to tell whether new ones arrived (a few may be failing, tried already). */
const PEEK = 25;

/**
 * What a flush asks the outbox so that a storm never delays a state change by more than its channel's
 * own pacing: whether state changes wait that this flush has not tried, and so which channels' owed root
 * edits and storm summaries must wait for them.
 */
export class StateChangeWaits {
  constructor(
    private readonly deps: {
      outbox: Pick<OutboxStore, 'pendingStateChanges'>;
      log: DeliveryLogger;
    },
  ) {}

  /** Whether the channel has pending state changes that neither this flush tried nor `batch` holds. */
  async waiting(
    channel: string,
    tried: ReadonlySet<string>,
    batch: ReadonlySet<string> = new Set(),
  ): Promise<boolean> {
    return (await this.arrivals(channel, tried, batch)).length > 0;
  }

  /** The channel's pending state changes (its oldest few) that neither this flush tried nor `batch` holds. */
  async arrivals(
    channel: string,
    tried: ReadonlySet<string>,
    batch: ReadonlySet<string>,
  ): Promise<OutboxItem[]> {
    const waiting = await this.deps.outbox.pendingStateChanges(channel, PEEK);
    return waiting.filter((item) => !tried.has(item.seq) && !batch.has(item.seq));
  }

  /**
   * Asked before each owed root edit, storm summary or digest at a flush's end, so a state change that
   * arrives meanwhile is not kept waiting by them: whether `channel` must wait because another flush is
   * delivering it (`busy`), or state changes this flush did not get to are pending there (one it tried
   * and failed does not hold it: a failing item must not freeze its channel's roots).
   */
  holder(
    tried: ReadonlyMap<string, ReadonlySet<string>>,
    busy: ReadonlySet<string>,
  ): (channel: string) => Promise<boolean> {
    return async (channel) => {
      if (busy.has(channel)) return true;
      try {
        return await this.waiting(channel, tried.get(channel) ?? new Set());
      } catch (error) {
        // Unknown: not held (the edit is made as before this check existed).
        this.deps.log.warn('could not tell whether state changes wait in the channel', {
          channel,
          reason: classifySlackError(error).reason,
        });
        return false;
      }
    };
  }
}
