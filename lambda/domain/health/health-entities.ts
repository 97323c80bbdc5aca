import { fingerprintsOf, hash } from './entity-fingerprints.js';
import type { HealthEntity } from './health-event.js';
import {
  type HealthRecord,
  MAX_ENTITY_VALUE,
  MAX_FINGERPRINTS,
  MAX_KEPT_ENTITIES,
  MAX_KEPT_VALUE_BYTES,
  type RecordedEntity,
} from './health-record.js';
import { compareVersions } from './health-version.js';

/**
 * Entities by value: the copy from the newest event version wins, and within one version (pages,
 * copies) the one updated later; so the order of arrival never matters. A fact a copy leaves out
 * keeps what was known. Past MAX_KEPT_ENTITIES (or for a value longer than MAX_ENTITY_VALUE) an entity
 * is kept as a fingerprint only: its latest status is what its fingerprint holds.
 */
export function mergeEntities(
  stored: Pick<HealthRecord, 'entities' | 'entitiesLeftOut'>,
  incoming: HealthEntity[],
  version: string | undefined,
): Pick<HealthRecord, 'entities' | 'entitiesLeftOut'> {
  const byValue = new Map(stored.entities.map((e) => [e.value, e]));
  const prints = fingerprintsOf(stored.entitiesLeftOut);
  for (const entity of incoming) {
    const known = byValue.get(entity.value);
    const seen = recorded({ ...entity, ...(version !== undefined ? { version } : {}) });
    const print = known ? undefined : hash(entity.value, 8);
    if (print !== undefined && prints.has(print)) {
      if (entity.status !== undefined) prints.set(print, hash(entity.status, 4));
    } else if (!known) {
      if (entity.value.length <= MAX_ENTITY_VALUE) byValue.set(entity.value, seen);
      else prints.set(print as string, hash(entity.status ?? '', 4));
    } else if (newerEntity(seen, known)) byValue.set(entity.value, recorded({ ...known, ...seen }));
  }
  const sorted = [...byValue.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  let budget = MAX_KEPT_VALUE_BYTES;
  const kept = sorted.findIndex((e, i) => {
    budget -= Buffer.byteLength(e.value);
    return i >= MAX_KEPT_ENTITIES || budget < 0;
  });
  const cut = kept < 0 ? sorted.length : kept;
  for (const demoted of sorted.slice(cut)) {
    prints.set(hash(demoted.value, 8), hash(demoted.status ?? '', 4));
  }
  const all = [...prints.entries()].map(([v, st]) => v + st).sort();
  const atLeast = stored.entitiesLeftOut?.atLeast || all.length > MAX_FINGERPRINTS;
  const entities = sorted.slice(0, cut);
  if (!all.length) return { entities };
  return {
    entities,
    entitiesLeftOut: {
      fingerprints: all.slice(0, MAX_FINGERPRINTS).join(''),
      ...(atLeast ? { atLeast: true as const } : {}),
    },
  };
}

function newerEntity(a: RecordedEntity, b: RecordedEntity): boolean {
  const byEvent = compareVersions(a.version, b.version);
  return byEvent > 0 || (byEvent === 0 && compareVersions(a.lastUpdatedTime, b.lastUpdatedTime) > 0);
}

/** Keys in one order, so records that know the same compare equal however they were built. */
function recorded(entity: RecordedEntity): RecordedEntity {
  return {
    value: entity.value,
    ...(entity.status !== undefined ? { status: entity.status } : {}),
    ...(entity.lastUpdatedTime !== undefined ? { lastUpdatedTime: entity.lastUpdatedTime } : {}),
    ...(entity.version !== undefined ? { version: entity.version } : {}),
  };
}
