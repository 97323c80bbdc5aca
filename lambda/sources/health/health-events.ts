import type { HealthEntity, HealthEvent, UnreadTimes } from '../../domain/health/health-event.js';
import { InvalidHealthEventError } from './errors.js';
import {
  formatHealthIssues,
  got,
  HEALTH_ABUSE_DETAIL_TYPE,
  HEALTH_EVENTBRIDGE_SOURCE,
  type HealthAffectedEntity,
  type HealthEventDetail,
  healthEventSchema,
} from './eventbridge-schema.js';
import { parseHealthTime } from './health-dates.js';

/** Longest unreadable time carried to what is shown: it comes from the input. */
const MAX_UNREAD_TIME = 60;
/** Longest delivery id quoted in an error: the id comes from the input. */
const MAX_ID_LENGTH = 200;
/** `arn:aws:health:us-east-1::event/…`, `arn:aws-us-gov:health:global::event/…`. */
const EVENT_ARN_REGION = /^arn:aws[a-z-]*:health:([^:]+):/;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True for an EventBridge delivery from AWS Health (`source: aws.health`), whatever else it holds. */
export function isHealthEventBridgeEvent(input: unknown): boolean {
  return isObject(input) && input.source === HEALTH_EVENTBRIDGE_SOURCE;
}

function deliveryIdOf(input: unknown): string | undefined {
  if (!isObject(input) || typeof input.id !== 'string' || input.id === '') return undefined;
  return input.id.length > MAX_ID_LENGTH ? `${input.id.slice(0, MAX_ID_LENGTH)}…` : input.id;
}

/** The en_US description (en-US, then any English), else the first; '' when there is none. */
function descriptionOf(detail: HealthEventDetail): string {
  const all = detail.eventDescription ?? [];
  const lang = (d: (typeof all)[number]) => (d.language ?? '').toLowerCase().replace('-', '_');
  const chosen = all.find((d) => lang(d) === 'en_us') ?? all.find((d) => lang(d).startsWith('en')) ?? all[0];
  return chosen?.latestDescription ?? '';
}

/** Longest metadata value kept as text: metadata is carried, never shown whole. */
const MAX_METADATA_TEXT = 1_000;

/** A metadata value as text (JSON for another value; its depth is bounded by the schema), cut when long. */
function metadataText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_METADATA_TEXT ? `${text.slice(0, MAX_METADATA_TEXT)}…` : text;
}

function pageNumberOf(value: string | number): number | undefined {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}

/** Page problems, field-named; AWS writes both numbers as text (`"1"`, `"10"`). */
function pageOf(
  detail: HealthEventDetail,
  problems: string[],
): { page: number; totalPages: number } | undefined {
  if (detail.page === undefined && detail.totalPages === undefined) return undefined;
  const page = detail.page === undefined ? undefined : pageNumberOf(detail.page);
  const totalPages = detail.totalPages === undefined ? undefined : pageNumberOf(detail.totalPages);
  if (detail.page === undefined) {
    problems.push('detail.page: expected with detail.totalPages');
  } else if (page === undefined) {
    problems.push(`detail.page: expected a whole number ≥ 1, got ${got(detail.page)}`);
  }
  if (detail.totalPages === undefined) {
    problems.push('detail.totalPages: expected with detail.page');
  } else if (totalPages === undefined) {
    problems.push(`detail.totalPages: expected a whole number ≥ 1, got ${got(detail.totalPages)}`);
  }
  if (page === undefined || totalPages === undefined) return undefined;
  if (page > totalPages) {
    problems.push(`detail.page: page ${page} is past detail.totalPages ${totalPages}`);
    return undefined;
  }
  return { page, totalPages };
}

/**
 * The event's three times in ISO 8601 UTC. One in a format Lookout cannot read is left out and kept, as
 * AWS wrote it, in the metadata under `unparsedStartTime` (`unparsedEndTime`, `unparsedLastUpdatedTime`):
 * an unknown date format never costs the event.
 */
function timesOf(detail: HealthEventDetail, unparsed: Record<string, string>) {
  const read = (field: 'startTime' | 'endTime' | 'lastUpdatedTime') => {
    const text = detail[field];
    // `"endTime": ""` is seen in the wild for an event that has not ended: no time, not an unknown one.
    if (text === undefined || text.trim() === '') return {};
    const iso = parseHealthTime(text);
    if (iso === undefined) {
      unparsed[`unparsed${field[0]?.toUpperCase()}${field.slice(1)}`] = text;
      unread[field] = text.length > MAX_UNREAD_TIME ? `${text.slice(0, MAX_UNREAD_TIME)}…` : text;
      return {};
    }
    return { [field]: iso };
  };
  const unread: UnreadTimes = {};
  const times = { ...read('startTime'), ...read('endTime'), ...read('lastUpdatedTime') };
  return { ...times, ...(Object.keys(unread).length ? { unreadTimes: unread } : {}) };
}

/** An entity time Lookout cannot read goes to the metadata as `unparsedEntityLastUpdatedTime.<entity>`. */
function entityOf(entity: HealthAffectedEntity, unparsed: Record<string, string>): HealthEntity {
  const given = entity.lastUpdatedTime?.trim() ? entity.lastUpdatedTime : undefined;
  const time = given === undefined ? undefined : parseHealthTime(given);
  if (given !== undefined && time === undefined) {
    unparsed[`unparsedEntityLastUpdatedTime.${entity.entityValue}`] = given;
  }
  return {
    value: entity.entityValue,
    ...(entity.status !== undefined ? { status: entity.status } : {}),
    ...(time !== undefined ? { lastUpdatedTime: time } : {}),
  };
}

/**
 * Reads one EventBridge delivery from AWS Health (`source: aws.health`, detail-type `AWS Health Event`
 * or `AWS Health Abuse Event`) into a HealthEvent: times in ISO 8601 UTC, the en_US description,
 * entities under one spelling, `page`/`totalPages` as numbers, `backup` for the backup-region copy,
 * `abuse` for an abuse event. Unknown categories, services, scope and status codes are carried as text;
 * a date in an unknown format is left out and kept in `metadata` (see `timesOf`). The impacted region is
 * `detail.eventRegion`, else the region in the event ARN — never the envelope's delivery region.
 *
 * @throws InvalidHealthEventError for anything else, naming each field (`detail.eventArn: expected a
 * string`) and the delivery id when it could be read.
 * @example
 * const event = parseHealthEvent(JSON.parse(body));
 * event.typeCode; // 'AWS_EC2_OPERATIONAL_ISSUE'
 */
export function parseHealthEvent(input: unknown): HealthEvent {
  const deliveryId = deliveryIdOf(input);
  // Another service's event (a CloudTrail record in a mixed replay file) is reported by its source alone.
  if (isObject(input) && input.source !== HEALTH_EVENTBRIDGE_SOURCE) {
    throw new InvalidHealthEventError(deliveryId, [
      `source: expected ${HEALTH_EVENTBRIDGE_SOURCE}, got ${got(input.source)}`,
    ]);
  }
  const parsed = healthEventSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidHealthEventError(deliveryId, formatHealthIssues(parsed.error), { cause: parsed.error });
  }
  const envelope = parsed.data;
  const detail = envelope.detail;
  const problems: string[] = [];
  const region = detail.eventRegion ?? EVENT_ARN_REGION.exec(detail.eventArn)?.[1];
  if (region === undefined) problems.push('detail.eventRegion: expected a region (the eventArn names none)');
  const page = pageOf(detail, problems);
  if (problems.length > 0 || region === undefined) throw new InvalidHealthEventError(deliveryId, problems);

  const unparsed: Record<string, string> = {};
  const times = timesOf(detail, unparsed);
  const entities = (detail.affectedEntities ?? []).map((entity) => entityOf(entity, unparsed));
  // fromEntries, not assignment: a `__proto__` key from the input stays a plain key.
  const metadata: Record<string, string> = Object.fromEntries([
    ...Object.entries(detail.eventMetadata ?? {}).flatMap(([key, value]): [string, string][] => {
      const text = metadataText(value);
      return text === undefined ? [] : [[key, text]];
    }),
    ...Object.entries(unparsed),
  ]);
  const account = detail.affectedAccount || envelope.account;
  const backup = detail.backupEvent === true || detail.backupEvent === 'true';

  return {
    arn: detail.eventArn,
    account,
    service: detail.service,
    typeCode: detail.eventTypeCode,
    category: detail.eventTypeCategory,
    ...(detail.eventScopeCode ? { scope: detail.eventScopeCode } : {}),
    region,
    status: detail.statusCode,
    ...times,
    description: descriptionOf(detail),
    entities,
    ...(detail.communicationId ? { communicationId: detail.communicationId } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    via: 'eventbridge',
    ...(backup ? { backup: true } : {}),
    ...(page ? { page } : {}),
    ...(envelope['detail-type'] === HEALTH_ABUSE_DETAIL_TYPE ? { abuse: true } : {}),
    deliveryId: envelope.id,
  };
}
