import type { Incident, TimelineEntry } from '../domain/incident.js';
import type { Store } from '../store/store.js';

/**
 * Writes an entry that changes nothing but the timeline (a runbook step done, a Slack message copied in)
 * the way the incident writer writes every entry: put if absent under its deterministic key, then
 * enqueued for the incident's channel, where the delivery posts it in the thread and re-renders the
 * root. Enqueued even when the entry existed, which heals a crash between the two writes (the enqueue is
 * idempotent). True when the entry is new.
 */
export async function appendTimelineEntry(
  store: Pick<Store, 'incidents' | 'outbox'>,
  incident: Pick<Incident, 'channel'>,
  entry: TimelineEntry,
  now: Date,
): Promise<boolean> {
  const written = await store.incidents.appendTimeline(entry);
  if (incident.channel) await store.outbox.enqueue(incident.channel, entry, now.toISOString());
  return written;
}
