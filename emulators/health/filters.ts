import { validation } from './errors.js';
import { inRanges, type Json, strings, type TimeRange, timeRange, timeRanges } from './request.js';
import type { StoredEntity, StoredEvent } from './state.js';
import { scopeOf } from './state.js';

/** What an `EventFilter` or `OrganizationEventFilter` asks for: lists are OR'ed, members AND'ed. */
export interface EventCriteria {
  eventArns?: string[];
  eventTypeCodes?: string[];
  services?: string[];
  regions?: string[];
  availabilityZones?: string[];
  eventTypeCategories?: string[];
  eventStatusCodes?: string[];
  startTimes?: TimeRange[];
  endTimes?: TimeRange[];
  lastUpdatedTimes?: TimeRange[];
  entityValues?: string[];
  entityArns?: string[];
  awsAccountIds?: string[];
}

const STATUS_CODES = ['open', 'closed', 'upcoming'];
const CATEGORIES = ['issue', 'accountNotification', 'scheduledChange', 'investigation'];

/** `DescribeEvents`' `filter`, with the list bounds of the service model. */
export function readEventFilter(filter: Json | undefined): EventCriteria {
  if (!filter) return {};
  return compact({
    eventArns: strings(filter.eventArns, 'filter.eventArns', 1, 10),
    eventTypeCodes: strings(filter.eventTypeCodes, 'filter.eventTypeCodes', 1, 10),
    services: strings(filter.services, 'filter.services', 1, 10),
    regions: strings(filter.regions, 'filter.regions', 1, 10),
    availabilityZones: strings(
      filter.availabilityZones,
      'filter.availabilityZones',
      0,
      Number.POSITIVE_INFINITY,
    ),
    eventTypeCategories: oneOf(
      strings(filter.eventTypeCategories, 'filter.eventTypeCategories', 1, 10),
      'filter.eventTypeCategories',
      CATEGORIES,
    ),
    eventStatusCodes: oneOf(
      strings(filter.eventStatusCodes, 'filter.eventStatusCodes', 1, 6),
      'filter.eventStatusCodes',
      STATUS_CODES,
    ),
    startTimes: timeRanges(filter.startTimes, 'filter.startTimes'),
    endTimes: timeRanges(filter.endTimes, 'filter.endTimes'),
    lastUpdatedTimes: timeRanges(filter.lastUpdatedTimes, 'filter.lastUpdatedTimes'),
    entityValues: strings(filter.entityValues, 'filter.entityValues', 1, 99),
    entityArns: strings(filter.entityArns, 'filter.entityArns', 1, 99),
  });
}

/** `DescribeEventsForOrganization`'s `filter`: single time ranges and `awsAccountIds`. */
export function readOrganizationFilter(filter: Json | undefined): EventCriteria {
  if (!filter) return {};
  const single = (member: 'startTime' | 'endTime' | 'lastUpdatedTime') => {
    const range = timeRange(filter[member], `filter.${member}`);
    return range ? [range] : undefined;
  };
  return compact({
    ...readEventFilter({
      ...filter,
      startTimes: undefined,
      endTimes: undefined,
      lastUpdatedTimes: undefined,
    }),
    awsAccountIds: strings(filter.awsAccountIds, 'filter.awsAccountIds', 1, 50),
    startTimes: single('startTime'),
    endTimes: single('endTime'),
    lastUpdatedTimes: single('lastUpdatedTime'),
  });
}

/** Whether the event matches; entity criteria look at `account`'s entities, or every account's when undefined. */
export function matches(event: StoredEvent, criteria: EventCriteria, account?: string): boolean {
  const has = (values: string[] | undefined, value: string | undefined) =>
    !values || (value !== undefined && values.includes(value));
  if (!has(criteria.eventArns, event.arn)) return false;
  if (!has(criteria.eventTypeCodes, event.typeCode)) return false;
  if (!has(criteria.services, event.service)) return false;
  if (!has(criteria.regions, event.region)) return false;
  if (!has(criteria.availabilityZones, event.availabilityZone)) return false;
  if (!has(criteria.eventTypeCategories, event.category)) return false;
  if (!has(criteria.eventStatusCodes, event.status)) return false;
  if (criteria.startTimes && !inRanges(event.startTime, criteria.startTimes)) return false;
  if (criteria.endTimes && !inRanges(event.endTime, criteria.endTimes)) return false;
  if (!inRanges(event.lastUpdatedTime, criteria.lastUpdatedTimes)) return false;
  if (criteria.awsAccountIds && !criteria.awsAccountIds.some((id) => event.accounts.has(id))) return false;
  if (criteria.entityValues || criteria.entityArns) {
    const entities = entitiesOf(event, account);
    const hit = entities.some(
      (entity) => criteria.entityValues?.includes(entity.value) || criteria.entityArns?.includes(entity.arn),
    );
    if (!hit) return false;
  }
  return true;
}

export function entitiesOf(event: StoredEvent, account?: string): StoredEntity[] {
  if (account !== undefined) return [...(event.accounts.get(account)?.values() ?? [])];
  return [...event.accounts.values()].flatMap((entities) => [...entities.values()]);
}

/** The `Event` / `OrganizationEvent` structure (timestamps in epoch seconds). */
export function renderEvent(event: StoredEvent, organization = false): Json {
  return compact({
    arn: event.arn,
    service: event.service,
    eventTypeCode: event.typeCode,
    eventTypeCategory: event.category,
    region: event.region,
    availabilityZone: organization ? undefined : event.availabilityZone,
    startTime: seconds(event.startTime),
    endTime: seconds(event.endTime),
    lastUpdatedTime: seconds(event.lastUpdatedTime),
    statusCode: event.status,
    eventScopeCode: scopeOf(event),
  });
}

export function renderDetails(event: StoredEvent): Json {
  return {
    event: renderEvent(event),
    eventDescription: { latestDescription: event.description },
    eventMetadata: { ...event.metadata },
  };
}

export function renderEntity(event: StoredEvent, account: string, entity: StoredEntity): Json {
  return compact({
    entityArn: entity.arn,
    eventArn: event.arn,
    entityValue: entity.value,
    entityUrl: entity.url,
    awsAccountId: account,
    lastUpdatedTime: seconds(entity.lastUpdatedTime),
    statusCode: entity.status,
    tags: { ...entity.tags },
  });
}

export function seconds(date: Date | undefined): number | undefined {
  return date ? date.getTime() / 1000 : undefined;
}

function oneOf(
  values: string[] | undefined,
  member: string,
  allowed: readonly string[],
): string[] | undefined {
  const wrong = values?.find((value) => !allowed.includes(value));
  if (wrong !== undefined) {
    throw validation(
      member,
      values,
      `Member must satisfy constraint: [Member must satisfy enum value set: [${allowed.join(', ')}]]`,
    );
  }
  return values;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Keyset order of DescribeEvents pages: positive when `event` sorts after the cursor `[lastUpdatedMs, arn]`. */
export function compareCursor(event: StoredEvent, cursor: readonly (string | number)[]): number {
  const byTime = Number(cursor[0]) - event.lastUpdatedTime.getTime();
  if (byTime !== 0) return byTime;
  const arn = String(cursor[1]);
  return event.arn > arn ? 1 : event.arn < arn ? -1 : 0;
}
