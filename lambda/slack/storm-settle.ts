import { logBestEffortFailure } from './best-effort-log.js';
import { classifySlackError } from './errors.js';
import type { DeliveryLogger } from './slack-port.js';
import type { StormThreads } from './storm-threads.js';

/**
 * Brings every channel's storm summary up to date after a flush (paced edits, a storm now over, a post
 * a crash kept back), each channel on its own: one channel's broken summary must not hold the others
 * back. Failures are logged and left to the next flush.
 */
export async function settleStorms(
  storms: Pick<StormThreads, 'dueChannels' | 'refresh'>,
  deps: {
    now: () => Date;
    log: DeliveryLogger;
    until: number;
    /** A channel whose state changes still wait keeps its summary as it is: they have its calls first. */
    hold?: (channel: string) => Promise<boolean>;
  },
): Promise<void> {
  let channels: string[];
  try {
    channels = await storms.dueChannels();
  } catch (error) {
    deps.log.warn('could not list the storm summaries to update; the next delivery tries again', {
      reason: classifySlackError(error).reason,
    });
    return;
  }
  for (const channel of channels) {
    if (deps.now().getTime() >= deps.until) return;
    if (await deps.hold?.(channel)) continue;
    try {
      await storms.refresh(channel);
    } catch (error) {
      logBestEffortFailure(
        deps.log,
        error,
        'could not bring a storm summary up to date; the next delivery tries again',
        {
          channel,
        },
      );
    }
  }
}
