import { createHash } from 'node:crypto';
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
/** Longest entity value quoted in a change: it is shown, not matched. */
const MAX_VALUE_SHOWN = 200;
const FINGERPRINT = 12;

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
 * The identity of one story: the event ARN, and in the organization view the affected account (one
 * organization event is a story per account).
 * @example healthKey({ arn: 'arn:aws:health:us-east-1::event/EC2/X/Y', account: '123456789012', ... })
 * // 'arn:aws:health:us-east-1::event/EC2/X/Y#123456789012'
 */
export function healthKey(event: Pick<HealthEvent, 'arn' | 'account'>): string {
  return event.account ? `${event.arn}#${event.account}` : event.arn;
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

export function isClosed(status: string): boolean {
  return status.toLowerCase() === 'closed';
}

/**
 * Orders two versions by their time; an absent time is older than any. Times that do not parse (AWS
 * spelled one in a way nobody expected) compare as text, so the order stays total and deterministic.
 */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const ma = Date.parse(a);
  const mb = Date.parse(b);
  if (!Number.isNaN(ma) && !Number.isNaN(mb) && ma !== mb) return ma < mb ? -1 : 1;
  if (!Number.isNaN(ma) && !Number.isNaN(mb)) return 0;
  return a < b ? -1 : 1;
}

function recordOf(event: HealthEvent): HealthRecord {
  return {
    key: healthKey(event),
    arn: event.arn,
    ...(event.account ? { account: event.account } : {}),
    service: event.service,
    typeCode: event.typeCode,
    category: event.category,
    ...(event.scope !== undefined ? { scope: event.scope } : {}),
    region: event.region,
    status: event.status,
    ...(event.startTime !== undefined ? { startTime: event.startTime } : {}),
    ...(event.endTime !== undefined ? { endTime: event.endTime } : {}),
    ...(event.lastUpdatedTime !== undefined ? { lastUpdatedTime: event.lastUpdatedTime } : {}),
    ...(event.unreadTimes && Object.keys(event.unreadTimes).length ? { unreadTimes: event.unreadTimes } : {}),
    ...descriptionOf(event.description),
    ...mergeEntities({ entities: [] }, event.entities, event.lastUpdatedTime),
    pages: event.page ? [event.page.page] : [],
    ...(event.page ? { totalPages: event.page.totalPages } : {}),
    ...(event.abuse ? { abuse: true } : {}),
  };
}

/**
 * The record with a delivery of the same or a newer version folded in. A fact the delivery does not
 * give (no description, no end time) keeps what was told: absence is not news.
 */
function merged(stored: HealthRecord, event: HealthEvent, newer: boolean): HealthRecord {
  const fresh = recordOf(event);
  const pages = newer ? fresh.pages : [...new Set([...stored.pages, ...fresh.pages])].sort((a, b) => a - b);
  const totalPages = newer ? fresh.totalPages : (stored.totalPages ?? fresh.totalPages);
  const startTime = fresh.startTime ?? stored.startTime;
  const endTime = fresh.endTime ?? stored.endTime;
  const scope = fresh.scope ?? stored.scope;
  const {
    totalPages: _previous,
    entitiesLeftOut: _left,
    descriptionCut: _cut,
    unreadTimes: _unread,
    ...rest
  } = stored;
  const description = event.description ? fresh : stored;
  const lastUpdatedTime = fresh.lastUpdatedTime ?? stored.lastUpdatedTime;
  // A time still unread is carried as AWS wrote it until a delivery gives it in a form Lookout reads.
  const unreadTimes = Object.fromEntries(
    Object.entries({ ...stored.unreadTimes, ...fresh.unreadTimes }).filter(
      ([field]) => ({ startTime, endTime, lastUpdatedTime })[field as 'startTime'] === undefined,
    ),
  );
  return {
    ...rest,
    status: event.status,
    ...(startTime !== undefined ? { startTime } : {}),
    ...(endTime !== undefined ? { endTime } : {}),
    ...(scope !== undefined ? { scope } : {}),
    ...(fresh.lastUpdatedTime !== undefined ? { lastUpdatedTime: fresh.lastUpdatedTime } : {}),
    ...(Object.keys(unreadTimes).length ? { unreadTimes } : {}),
    description: description.description,
    ...(description.descriptionCut ? { descriptionCut: description.descriptionCut } : {}),
    ...mergeEntities(stored, event.entities, event.lastUpdatedTime),
    pages,
    ...(totalPages !== undefined ? { totalPages } : {}),
    ...(stored.abuse || event.abuse ? { abuse: true } : {}),
  };
}

/** The description as kept: whole up to MAX_DESCRIPTION characters, else cut with its length and digest. */
function descriptionOf(text: string): Pick<HealthRecord, 'description' | 'descriptionCut'> {
  if (text.length <= MAX_DESCRIPTION) return { description: text };
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return { description: text.slice(0, MAX_DESCRIPTION), descriptionCut: { length: text.length, digest } };
}

function hash(text: string, chars: number): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, chars);
}

/** Value fingerprint (8 characters) → status fingerprint (4). */
function fingerprintsOf(left: EntitiesLeftOut | undefined): Map<string, string> {
  const map = new Map<string, string>();
  const text = left?.fingerprints ?? '';
  for (let i = 0; i + FINGERPRINT <= text.length; i += FINGERPRINT) {
    map.set(text.slice(i, i + 8), text.slice(i + 8, i + FINGERPRINT));
  }
  return map;
}

/**
 * Entities by value: the copy from the newest event version wins, and within one version (pages,
 * copies) the one updated later; so the order of arrival never matters. A fact a copy leaves out
 * keeps what was known. Past MAX_KEPT_ENTITIES (or for a value longer than MAX_ENTITY_VALUE) an entity
 * is kept as a fingerprint only: its latest status is what its fingerprint holds.
 */
function mergeEntities(
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

function entityChanges(
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

/** Keys in one order, so records that know the same compare equal however they were built. */
function recorded(entity: RecordedEntity): RecordedEntity {
  return {
    value: entity.value,
    ...(entity.status !== undefined ? { status: entity.status } : {}),
    ...(entity.lastUpdatedTime !== undefined ? { lastUpdatedTime: entity.lastUpdatedTime } : {}),
    ...(entity.version !== undefined ? { version: entity.version } : {}),
  };
}
