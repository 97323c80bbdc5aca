import type { OutboxStore } from '../store/ports.js';
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
      outbox: Pick<OutboxStore, 'pendingChannels' | 'pendingStateChanges'>;
      log: DeliveryLogger;
    },
  ) {}

  /** Whether the channel has pending state changes that neither this flush tried nor `batch` holds. */
  async waiting(
    channel: string,
    tried: ReadonlySet<string>,
    batch: ReadonlySet<string> = new Set(),
  ): Promise<boolean> {
    const waiting = await this.deps.outbox.pendingStateChanges(channel, PEEK);
    return waiting.some((item) => !tried.has(item.seq) && !batch.has(item.seq));
  }

  /**
   * The channels whose owed root edits and storm summary wait: another flush is delivering them (`busy`),
   * or state changes this flush did not get to are pending there (one it tried and failed does not hold
   * them: a failing item must not freeze its channel's roots).
   */
  async held(
    tried: ReadonlyMap<string, ReadonlySet<string>>,
    busy: ReadonlySet<string>,
  ): Promise<(channel: string) => boolean> {
    const held = new Set<string>();
    try {
      // Listed again: a channel with nothing pending when the flush began may have state changes now.
      const pending = await this.deps.outbox.pendingChannels();
      await Promise.all(
        pending.map(async (channel) => {
          if (busy.has(channel) || (await this.waiting(channel, tried.get(channel) ?? new Set())))
            held.add(channel);
        }),
      );
    } catch (error) {
      // Unknown: nothing is held (the edits are what they were before this check existed).
      this.deps.log.warn('could not tell which channels still wait for state changes', {
        reason: classifySlackError(error).reason,
      });
    }
    return (channel) => held.has(channel) || busy.has(channel);
  }
}
