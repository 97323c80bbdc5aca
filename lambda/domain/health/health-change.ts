import { entityChanges } from './health-entity-changes.js';
import type { HealthEvent } from './health-event.js';
import { type HealthRecord, isClosed } from './health-record.js';
import { merged, recordOf } from './health-record-merge.js';
import { compareVersions } from './health-version.js';

export type HealthChangeKind = 'opened' | 'updated' | 'closed' | 'reopened';
export type HealthField = 'lastUpdatedTime' | 'status' | 'description' | 'entities';

export interface HealthEntityChange {
  value: string;
  /** Named for the first time (else: a known entity whose status changed). */
  appeared?: true;
  status?: string;
  /** Absent when the entity is new or had no status before. */
  previousStatus?: string;
}

/** One thing to tell (one timeline entry): what changed, against the record as it now stands. */
export interface HealthChange {
  kind: HealthChangeKind;
  /** The record after the change: the facts a sentence is made of. */
  record: HealthRecord;
  /** What differs from what was told before; empty when `opened`. */
  fields: HealthField[];
  previousStatus?: string;
  /** Entities that appeared or changed status in this version (`opened`: none, the record has them all). */
  entities: HealthEntityChange[];
}

/**
 * Folds one delivery into the stored record. A change (one timeline entry) only when the delivery is a
 * newer version, or the same version with another status or description; entities of the same version
 * (other pages, the API's full list) merge silently. An older version changes nothing.
 */
export function applyHealthEvent(
  stored: HealthRecord | undefined,
  incoming: HealthEvent,
): { next: HealthRecord; change?: HealthChange } {
  if (!stored) {
    const next = recordOf(incoming);
    return { next, change: { kind: 'opened', record: next, fields: [], entities: [] } };
  }
  const order = compareVersions(incoming.lastUpdatedTime, stored.lastUpdatedTime);
  if (order < 0) return { next: stored };
  // The backup region's copy is a copy: when the version it carries (or a newer one) is told already,
  // it adds nothing, even where its text differs; it opens the story only when the primary never came.
  if (incoming.backup && order === 0) return { next: stored };
  const newer = order > 0;
  const next = merged(stored, incoming, newer);
  const fields: HealthField[] = [];
  if (newer) fields.push('lastUpdatedTime');
  if (next.status !== stored.status) fields.push('status');
  if (
    next.description !== stored.description ||
    next.descriptionCut?.digest !== stored.descriptionCut?.digest
  ) {
    fields.push('description');
  }
  const entities = newer ? entityChanges(stored, incoming.entities) : [];
  if (entities.length) fields.push('entities');
  if (!fields.length) return { next };
  const previousStatus = fields.includes('status') ? stored.status : undefined;
  return {
    next,
    change: {
      kind: kindOf(stored.status, next.status),
      record: next,
      fields,
      ...(previousStatus !== undefined ? { previousStatus } : {}),
      entities,
    },
  };
}

function kindOf(before: string, after: string): HealthChangeKind {
  if (before === after) return 'updated';
  if (isClosed(after)) return 'closed';
  return isClosed(before) ? 'reopened' : 'updated';
}
