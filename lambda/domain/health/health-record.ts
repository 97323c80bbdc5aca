import { FINGERPRINT } from './entity-fingerprints.js';
import type { HealthEntity, HealthEvent } from './health-event.js';

/**
 * A record is one store item (DynamoDB: 400 KB, with the pending signals beside it), yet an event may
 * name any number of entities over its pages and versions (EventBridge allows 256 KB a page, ~1,500
 * entities). So a record keeps the first MAX_KEPT_ENTITIES by value in full, their values at most
 * MAX_KEPT_VALUE_BYTES together (~30 KB with status and times for typical ARNs, ≤ ~100 KB) and every other one
 * as a 12-character fingerprint of value and status, at most MAX_FINGERPRINTS (≤ ~100 KB): enough to
 * count them truly and to tell one that appears or changes status. Past that the count is a lower
 * bound. With a cut description (≤ 12 KB) a record stays under ~220 KB, well below the item limit.
 */
export const MAX_KEPT_ENTITIES = 200;
export const MAX_ENTITY_VALUE = 512;
export const MAX_KEPT_VALUE_BYTES = 64_000;
export const MAX_FINGERPRINTS = 8_000;
/** AWS descriptions can run to pages; what is shown is a title. The rest is kept as a digest and a length. */
export const MAX_DESCRIPTION = 4_000;

/**
 * What Lookout last told about one AWS Health event: one record per event key, so each version AWS
 * posts is one timeline entry however many times, from however many regions and in however many pages
 * it arrives. Entities are kept sorted by value and pages ascending, so equal knowledge is equal data.
 */
export interface HealthRecord
  extends Pick<
    HealthEvent,
    | 'arn'
    | 'account'
    | 'service'
    | 'typeCode'
    | 'category'
    | 'scope'
    | 'region'
    | 'status'
    | 'startTime'
    | 'endTime'
    // The version told; absent when AWS gave none (any dated version is newer).
    | 'lastUpdatedTime'
    | 'unreadTimes'
    | 'description'
  > {
  key: string;
  /**
   * Entities named so far, merged by value (a newer version's status wins): the first
   * MAX_KEPT_ENTITIES by value in full, with values of at most MAX_ENTITY_VALUE characters.
   */
  entities: RecordedEntity[];
  /** The entities not kept in full: fingerprints, so the count stays true and their changes are told. */
  entitiesLeftOut?: EntitiesLeftOut;
  /** Set when `description` holds only AWS's first MAX_DESCRIPTION characters. */
  descriptionCut?: DescriptionCut;
  /** EventBridge pages seen of the version told (an API copy has none: it carries every entity). */
  pages: number[];
  totalPages?: number;
  /** Any copy came as an AWS Health Abuse Event. */
  abuse?: boolean;
}

export interface EntitiesLeftOut {
  /** 12 characters each, sorted: 8 of the value's SHA-256 and 4 of its status's (base64url). */
  fingerprints: string;
  /** More entities than MAX_FINGERPRINTS were named: the count is a lower bound. */
  atLeast?: true;
}

export interface DescriptionCut {
  /** The length of AWS's whole description, in characters. */
  length: number;
  /** SHA-256 (16 hex) of the whole description: a change past the cut is still a change. */
  digest: string;
}

/** How many entities the record knows of (a lower bound when `entitiesLeftOut.atLeast`). */
export function entityTotal(record: Pick<HealthRecord, 'entities' | 'entitiesLeftOut'>): number {
  return record.entities.length + (record.entitiesLeftOut?.fingerprints.length ?? 0) / FINGERPRINT;
}

/** An entity with the event version that last named it (absent: a version without a time). */
export interface RecordedEntity extends HealthEntity {
  version?: string;
}

/**
 * The identity of one story: the event ARN, and in the organization view the affected account (one
 * organization event is a story per account).
 * @example healthKey({ arn: 'arn:aws:health:us-east-1::event/EC2/X/Y', account: '123456789012', ... })
 * // 'arn:aws:health:us-east-1::event/EC2/X/Y#123456789012'
 */
export function healthKey(event: Pick<HealthEvent, 'arn' | 'account'>): string {
  return event.account ? `${event.arn}#${event.account}` : event.arn;
}

export function isClosed(status: string): boolean {
  return status.toLowerCase() === 'closed';
}
