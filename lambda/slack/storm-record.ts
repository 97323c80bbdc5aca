import type { StormState } from '../domain/calm/storm.js';
import type { StormRecord } from '../store/storm-repo.js';

/**
 * The channel's storm item with a new domain state: a storm whose summary changed is a new revision
 * (so its message is behind); a new storm gets a new message, and the one before it, if Slack does not
 * show its end yet, is kept aside for one last edit.
 */
export function withState(current: StormRecord | undefined, state: StormState, channel: string): StormRecord {
  const before = current?.state.storm;
  const storm = state.storm;
  const message = current?.message;
  const base: StormRecord = { ...(current ?? { channel }), state };
  if (!storm) return base;
  if (message?.stormId === storm.id) {
    const changed = storm !== before;
    return changed ? { ...base, message: { ...message, revision: message.revision + 1 } } : base;
  }
  const fresh: StormRecord = { ...base, message: { stormId: storm.id, revision: 1, shownRevision: 0 } };
  const endShown = message && message.shownRevision >= message.revision;
  if (message?.ref && before?.id === message.stormId && before.endedAt && !endShown)
    return { ...fresh, previous: { storm: before, ref: message.ref } };
  return fresh;
}
