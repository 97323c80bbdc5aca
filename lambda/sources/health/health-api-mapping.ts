import type { HealthEntity, HealthEvent } from '../../domain/health/health-event.js';
import type { ApiEntity, ApiEvent, ApiEventDetails } from './health-api-schema.js';

/**
 * A time of the Health API in ISO 8601 UTC, to the whole second: EventBridge carries whole seconds
 * (RFC 1123), so the API's copy of a version EventBridge delivered compares equal instead of looking
 * newer by its milliseconds (one timeline entry per version, whichever path brought it first).
 */
export function apiTime(date: Date | undefined): string | undefined {
  if (!date || Number.isNaN(date.getTime())) return undefined;
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

function entityOf(entity: ApiEntity): HealthEntity {
  const lastUpdatedTime = apiTime(entity.lastUpdatedTime);
  return {
    value: entity.entityValue,
    ...(entity.statusCode ? { status: entity.statusCode } : {}),
    ...(lastUpdatedTime ? { lastUpdatedTime } : {}),
  };
}

/**
 * One event of the Health API as Lookout's HealthEvent: the listing's fields, the details' description
 * and metadata, the entities of `account`. `account` is the story's account: the affected one in the
 * organization view, else the poller's own — the account EventBridge names in its envelope, so both
 * paths tell one story.
 *
 * @example
 * const event = healthEventFromApi({ event, details, entities, account: '123456789012' });
 * event.via; // 'api'
 */
export function healthEventFromApi(input: {
  event: ApiEvent;
  details?: ApiEventDetails;
  entities: readonly ApiEntity[];
  account: string;
}): HealthEvent {
  // The details carry the event again; the listing's copy is as new as the details' (same poll).
  const event = input.details?.event ?? input.event;
  const times = {
    startTime: apiTime(event.startTime),
    endTime: apiTime(event.endTime),
    lastUpdatedTime: apiTime(event.lastUpdatedTime),
  };
  const metadata = input.details?.eventMetadata;
  return {
    arn: event.arn,
    account: input.account,
    service: event.service,
    typeCode: event.eventTypeCode,
    category: event.eventTypeCategory,
    ...(event.eventScopeCode ? { scope: event.eventScopeCode } : {}),
    region: event.region,
    status: event.statusCode,
    ...Object.fromEntries(Object.entries(times).filter(([, value]) => value !== undefined)),
    description: input.details?.eventDescription?.latestDescription ?? '',
    entities: input.entities.map(entityOf),
    ...(metadata && Object.keys(metadata).length > 0 ? { metadata: { ...metadata } } : {}),
    via: 'api',
  };
}
