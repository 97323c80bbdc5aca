import type { OutboxItem } from '../store/ports.js';
import type { DeliveryLogger } from './slack-port.js';

/**
 * Store writes about delivery; a failure is logged with the item and stops the channel, never the flush.
 * Returns the write's value (true when it has none), or undefined when it failed.
 * @example const attempted = await recordDelivery(log, () => outbox.markAttempt(item, now), item);
 */
export async function recordDelivery<T>(
  log: DeliveryLogger,
  write: () => Promise<T>,
  item: OutboxItem,
): Promise<T | undefined> {
  try {
    return (await write()) ?? (true as T);
  } catch (error) {
    log.error('could not record Slack delivery in the outbox; will look it up before resending', error, {
      channel: item.channel,
      seq: item.seq,
    });
    return undefined;
  }
}
