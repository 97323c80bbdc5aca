import { fingerprintsOf, hash } from './entity-fingerprints.js';
import type { HealthEntityChange } from './health-change.js';
import type { HealthEntity } from './health-event.js';
import type { HealthRecord } from './health-record.js';

/** Longest entity value quoted in a change: it is shown, not matched. */
const MAX_VALUE_SHOWN = 200;

/** What a newer version says of its entities against the record: those that appeared or changed status. */
export function entityChanges(
  stored: Pick<HealthRecord, 'entities' | 'entitiesLeftOut'>,
  incoming: HealthEntity[],
): HealthEntityChange[] {
  const byValue = new Map(stored.entities.map((e) => [e.value, e]));
  const prints = fingerprintsOf(stored.entitiesLeftOut);
  const seen = new Set<string>();
  const changes: HealthEntityChange[] = [];
  for (const entity of incoming) {
    if (seen.has(entity.value)) continue;
    seen.add(entity.value);
    const value = shown(entity.value);
    const status = entity.status !== undefined ? { status: entity.status } : {};
    const known = byValue.get(entity.value);
    const print = known ? undefined : prints.get(hash(entity.value, 8));
    if (!known && print === undefined) changes.push({ value, appeared: true, ...status });
    else if (!known) {
      // Only a fingerprint of its status is kept: that it changed is known, not from what.
      if (entity.status !== undefined && hash(entity.status, 4) !== print) changes.push({ value, ...status });
    } else if (entity.status !== undefined && entity.status !== known.status) {
      changes.push({
        value,
        status: entity.status,
        ...(known.status !== undefined ? { previousStatus: known.status } : {}),
      });
    }
  }
  return changes;
}

/** An entity value as quoted in a change (cut, with an ellipsis, past MAX_VALUE_SHOWN characters). */
function shown(value: string): string {
  return value.length > MAX_VALUE_SHOWN ? `${value.slice(0, MAX_VALUE_SHOWN)}…` : value;
}
