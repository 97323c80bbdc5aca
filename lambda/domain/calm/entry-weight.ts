import type { TimelineEntry, TimelineKind } from '../incident.js';
import { RUNBOOK_STEP_FACT } from '../render/markdown-export.js';

/**
 * `state-change`: changes what a person should do, so it is posted at once as its own reply.
 * `routine`: detail that may be grouped with its neighbours into one reply edited in place.
 */
export type EntryWeight = 'state-change' | 'routine';

/**
 * Every kind has a weight here, so a kind added to TimelineKind fails the type check until someone
 * decides. NOTE depends on who wrote it (see entryWeight). AFFECTED never reaches a thread (it only
 * re-renders the root), so its weight keeps it out of any group.
 */
const KIND_WEIGHT: Record<TimelineKind, EntryWeight> = {
  OPENED: 'state-change',
  EMPTY: 'state-change',
  DEGRADED: 'state-change',
  FLAPPING: 'state-change',
  UNREACHABLE: 'state-change',
  CONCURRENT_WRITERS: 'state-change',
  STALE_OVERWRITE: 'state-change',
  MISCONFIGURED: 'state-change',
  HEALTH_EVENT: 'state-change',
  TRIGGERED: 'state-change',
  DECLARED: 'state-change',
  RECOVERED: 'state-change',
  ENDED: 'state-change',
  RESOLVED: 'state-change',
  ACKNOWLEDGED: 'state-change',
  AFFECTED: 'state-change',
  NOTE: 'routine',
  RECORD_ADDED: 'routine',
  RECORD_CHANGED: 'routine',
  RECORD_DELETED: 'routine',
  CHANGED: 'routine',
  HEALTH_UPDATE: 'routine',
};

/** A person wrote it: from Slack (`slack:U…`) or the command line (`cli:alice`). */
export function writtenByPerson(source: string): boolean {
  return source.startsWith('slack:') || source.startsWith('cli:');
}

/** A restore's steps are notes whose text starts `restore:` (service/route53/restore-steps.ts). */
function isRestoreStep(entry: TimelineEntry): boolean {
  return entry.text.startsWith('restore:');
}

/** A runbook step checked off (runbooks/step-done.ts): the root checks it, the thread says who. */
function isStepDone(entry: TimelineEntry): boolean {
  return entry.facts?.[RUNBOOK_STEP_FACT] !== undefined;
}

/**
 * Whether an entry is posted at once or may be grouped. A kind this code does not know (an entry
 * stored by a newer version) is a state change: never hide something new inside a group.
 * @example entryWeight({ ...entry, kind: 'RECORD_CHANGED' }) // 'routine'
 */
export function entryWeight(entry: TimelineEntry): EntryWeight {
  if (entry.kind === 'NOTE')
    return writtenByPerson(entry.source) || isRestoreStep(entry) || isStepDone(entry)
      ? 'state-change'
      : 'routine';
  return (KIND_WEIGHT as Partial<Record<string, EntryWeight>>)[entry.kind] ?? 'state-change';
}
