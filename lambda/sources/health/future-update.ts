import type { HealthEvent } from '../../domain/health/health-event.js';
import { InvalidHealthEventError } from './errors.js';

/** How far ahead of Lookout's clock an event's lastUpdatedTime may be: clock skew, not a real future. */
export const MAX_UPDATE_AHEAD_MS = 60 * 60 * 1000;

/**
 * Refuses an event whose lastUpdatedTime is in the future. That time is the version of what AWS says:
 * one from year 2999 would be the newest version for ever, so every real update after it (its close)
 * would be dropped as already told, and the incident would never resolve. startTime and endTime may
 * rightly lie ahead (a scheduled change), so only the version time is checked.
 */
export function refuseFutureUpdate(event: HealthEvent, now: Date): HealthEvent {
  const at = event.lastUpdatedTime;
  if (at !== undefined && Date.parse(at) > now.getTime() + MAX_UPDATE_AHEAD_MS) {
    throw new InvalidHealthEventError(event.deliveryId, [
      `detail.lastUpdatedTime: ${at} is more than an hour ahead of this clock (${now.toISOString()})`,
    ]);
  }
  return event;
}
