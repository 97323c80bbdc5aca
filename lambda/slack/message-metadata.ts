/**
 * The message metadata Lookout attaches to every post (`event_type: lookout_entry`). It is what lets a
 * post whose outcome is unknown (Slack performed it but the answer never arrived) be found in the
 * channel or thread and adopted, instead of being posted a second time.
 */
export interface EntryKey {
  incident: string;
  /** The timeline entry's id, or `root` for the incident's root message. */
  entry: string;
}

export const METADATA_EVENT_TYPE = 'lookout_entry';
export const ROOT_ENTRY = 'root';

/** How far before our own clock's attempt time a lookup starts, for skew between us and Slack. */
export const LOOKUP_SKEW_MS = 5 * 60_000;

export function metadataOf(key: EntryKey): { event_type: string; event_payload: Record<string, string> } {
  return { event_type: METADATA_EVENT_TYPE, event_payload: { entry: key.entry, incident: key.incident } };
}

export function matchesKey(
  metadata: { event_type?: string; event_payload?: unknown } | undefined,
  key: EntryKey,
): boolean {
  if (metadata?.event_type !== METADATA_EVENT_TYPE) return false;
  const payload = metadata.event_payload as { entry?: unknown; incident?: unknown } | undefined;
  return payload?.entry === key.entry && payload?.incident === key.incident;
}

/** Slack conversation ids: C… public, G… private (legacy), D… direct; names are anything else. */
export function isChannelId(channel: string): boolean {
  return /^[CGD][A-Z0-9]{6,}$/.test(channel);
}
