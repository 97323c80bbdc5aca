import type { IncidentWriter } from '../engine/incident-writer.js';
import type { Log } from '../ports/log.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { Store } from '../store/store.js';

/** How many of the newest incidents are checked when Slack comes on. */
const RECENT = 200;

/**
 * Incidents still open that were opened before any Slack channel was known (Slack configured later)
 * get the channel and their whole timeline queued, so they reach Slack like every other incident; and
 * entries a crashed command left unwritten are written. Returns false when the store could not be read,
 * so the caller tries again on its next delivery.
 */
export async function announceUnannounced(
  store: Store,
  writer: IncidentWriter,
  channel: string,
  options: { now: () => Date; log: Log },
): Promise<boolean> {
  try {
    let queued = 0;
    let again = false;
    for (const incident of await store.incidents.list(RECENT)) {
      await writer.heal(incident);
      if (incident.channel || incident.status === 'resolved') continue;
      const at = options.now().toISOString();
      // Queue first (idempotent), then record the channel; re-read the timeline after, since an entry
      // appended in between saw no channel and queued nothing.
      for (const entry of await store.incidents.listTimeline(incident.id))
        await store.outbox.enqueue(channel, entry, at);
      try {
        await store.incidents.update({ ...incident, channel, version: incident.version + 1 });
      } catch (error) {
        if (!(error instanceof ConcurrentUpdateError)) throw error;
        options.log.debug('incident changed while being announced; next delivery tries again', {
          incidentId: incident.id,
        });
        again = true;
        continue;
      }
      for (const entry of await store.incidents.listTimeline(incident.id))
        await store.outbox.enqueue(channel, entry, at);
      queued++;
    }
    if (queued)
      options.log.info(
        `posting ${queued} open incident(s) opened while no Slack channel was set to ${channel}`,
      );
    return !again;
  } catch (error) {
    options.log.error('could not check for incidents opened while Slack was off; will try again', error);
    return false;
  }
}
