import type { HostedZone } from './hosted-zone.js';
import { isInZone, rawName, recordKey } from './names.js';
import { describe, routingPolicyOf, type StoredRecordSet, sameContent } from './record-sets.js';

export type ChangeAction = 'CREATE' | 'DELETE' | 'UPSERT';

export interface RequestedChange {
  action: ChangeAction;
  set: StoredRecordSet;
}

/** One change as applied: the record set written (CREATE/UPSERT) or removed (DELETE). */
export interface AppliedChange {
  action: ChangeAction;
  set: StoredRecordSet;
  /** What the record set held before (UPSERT over an existing set, DELETE). */
  previous?: StoredRecordSet;
}

export type BatchPlan =
  | { ok: true; applied: AppliedChange[] }
  | { ok: false; code: 'InvalidChangeBatch' | 'InvalidInput'; messages: string[] };

/**
 * Validates a change batch the way Route 53 does: changes are evaluated in order against the zone
 * as the earlier changes of the batch leave it (so DELETE + CREATE of one name is a
 * compare-and-swap), every failing change contributes a message, and any message fails the whole
 * batch. Message texts are Route 53's, as quoted in public SDK issues (see the report); the quota
 * message is a guess.
 */
export function planBatch(zone: HostedZone, changes: readonly RequestedChange[]): BatchPlan {
  const invalidInput = changes.flatMap(({ action, set }) => inputProblems(action, set));
  if (invalidInput.length > 0) return { ok: false, code: 'InvalidInput', messages: invalidInput };
  const pending = new Map<string, StoredRecordSet | null>();
  const current = (set: Pick<StoredRecordSet, 'name' | 'type' | 'setIdentifier'>) => {
    const id = recordKey(set.name, set.type, set.setIdentifier);
    const staged = pending.get(id);
    return staged === undefined ? zone.get(set.name, set.type, set.setIdentifier) : (staged ?? undefined);
  };
  const atName = (name: string) => {
    const owner = rawName(name);
    const sets = new Map(
      zone.atName(name).map((set) => [recordKey(set.name, set.type, set.setIdentifier), set]),
    );
    for (const [id, staged] of pending) {
      if (!id.startsWith(`${owner}|`)) continue;
      if (staged) sets.set(id, staged);
      else sets.delete(id);
    }
    return [...sets.values()];
  };
  const messages: string[] = [];
  const applied: AppliedChange[] = [];
  let count = zone.size;
  for (const { action, set } of changes) {
    const existing = current(set);
    if (!isInZone(set.name, zone.name)) {
      messages.push(`RRSet with DNS name ${set.name} is not permitted in zone ${zone.name}`);
      continue;
    }
    if (action === 'DELETE') {
      if (!existing) {
        messages.push(`Tried to delete resource record set ${describe(set)} but it was not found`);
      } else if (!sameContent(existing, set)) {
        messages.push(
          `Tried to delete resource record set ${describe(set)} but the values provided do not match the current values`,
        );
      } else {
        pending.set(recordKey(set.name, set.type, set.setIdentifier), null);
        applied.push({ action, set: existing, previous: existing });
        count--;
      }
      continue;
    }
    if (action === 'CREATE' && existing) {
      messages.push(`Tried to create resource record set ${describe(set)} but it already exists`);
      continue;
    }
    const conflict = conflictOf(zone, set, atName(set.name));
    if (conflict) {
      messages.push(conflict);
      continue;
    }
    pending.set(recordKey(set.name, set.type, set.setIdentifier), set);
    applied.push(existing ? { action, set, previous: existing } : { action, set });
    if (!existing) count++;
  }
  if (messages.length === 0 && count > zone.recordQuota && count > zone.size) {
    messages.push(
      `The resource record set count would exceed the limit of ${zone.recordQuota} for hosted zone ${zone.name}`,
    );
  }
  return messages.length > 0 ? { ok: false, code: 'InvalidChangeBatch', messages } : { ok: true, applied };
}

/** Problems Route 53 reports as InvalidInput (a malformed request rather than a refused change). */
function inputProblems(action: ChangeAction, set: StoredRecordSet): string[] {
  const where = `Change with [Action=${action}, Name=${set.name}, Type=${set.type}, SetIdentifier=${set.setIdentifier ?? 'null'}]`;
  const hasRecords = set.values.length > 0 && set.ttl !== undefined;
  if (!['CREATE', 'DELETE', 'UPSERT'].includes(action)) return [`Invalid action ${action} in ${where}`];
  if (set.alias && (set.values.length > 0 || set.ttl !== undefined)) {
    return [
      `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found more than one in ${where}`,
    ];
  }
  if (!set.alias && !hasRecords) {
    return [
      `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in ${where}`,
    ];
  }
  if (set.setIdentifier === undefined && routingPolicyOf({ ...set, setIdentifier: '' }) !== 'other') {
    return [`Invalid request: Missing field 'SetIdentifier' in ${where}`];
  }
  return [];
}

/** CNAME exclusivity, CNAME at the apex, and one routing policy per name and type. */
function conflictOf(zone: HostedZone, set: StoredRecordSet, atName: StoredRecordSet[]): string | undefined {
  const others = atName.filter(
    (other) => !(other.type === set.type && other.setIdentifier === set.setIdentifier),
  );
  if (set.type === 'CNAME' && rawName(set.name) === rawName(zone.name)) {
    return `RRSet of type CNAME with DNS name ${set.name} is not permitted at apex in zone ${zone.name}`;
  }
  if (set.type === 'CNAME' && others.some((other) => other.type !== 'CNAME')) {
    return `RRSet of type CNAME with DNS name ${set.name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone.name}`;
  }
  if (set.type !== 'CNAME' && others.some((other) => other.type === 'CNAME')) {
    // Route 53's text has two spaces before CNAME; kept as seen in real error messages.
    return `RRSet of type ${set.type} with DNS name ${set.name} is not permitted because a conflicting RRSet of type  CNAME with the same DNS name already exists in zone ${zone.name}`;
  }
  const siblings = others.filter((other) => other.type === set.type);
  if (siblings.length === 0) return undefined;
  const policy = routingPolicyOf(set);
  if (policy === 'simple') {
    return `RRSet with DNS name ${set.name}, type ${set.type} cannot be created as other RRSets exist with the same name and type.`;
  }
  if (siblings.some((other) => routingPolicyOf(other) !== policy)) {
    return `RRSet with DNS name ${set.name}, type ${set.type}, SetIdentifier ${set.setIdentifier} cannot be created as a non-${policy} set exists with the same name and type.`;
  }
  if (policy === 'weighted' && siblings.some((other) => other.ttl !== set.ttl)) {
    return `RRSet with DNS name ${set.name}, type ${set.type}, SetIdentifier ${set.setIdentifier} cannot be created as weighted sets must contain the same TTL.`;
  }
  return undefined;
}
