import { classifySlackError } from './errors.js';
import type { DeliveryLogger } from './slack-port.js';

/**
 * Logs a best-effort Slack call that did not happen (an owed root edit, a storm summary): the next
 * delivery tries again. Kept back by Lookout's own pacer (nothing was sent) is expected in a storm and
 * logged as info; anything Slack or the network did is a warning.
 */
export function logBestEffortFailure(
  log: DeliveryLogger,
  error: unknown,
  message: string,
  fields: Record<string, unknown> = {},
): void {
  const failure = classifySlackError(error);
  const write = failure.paced ? log.info : log.warn;
  write.call(log, message, { ...fields, reason: failure.reason });
}
