import { createHash } from 'node:crypto';
import { mergeEntities } from './health-entities.js';
import type { HealthEvent } from './health-event.js';
import { type HealthRecord, healthKey, MAX_DESCRIPTION } from './health-record.js';

/** The record a first delivery opens. */
export function recordOf(event: HealthEvent): HealthRecord {
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
export function merged(stored: HealthRecord, event: HealthEvent, newer: boolean): HealthRecord {
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
