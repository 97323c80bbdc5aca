import { normalizeDnsName } from '../../domain/dns-name.js';
import type { ControlPlaneChange, Writer } from '../../domain/route53/control-plane-change.js';
import { bareChangeId, bareZoneId } from '../../domain/route53/ids.js';
import { normalizeRecordName, type RecordSetContent } from '../../domain/route53/record-set.js';
import {
  ASSUMED_ROLE_ARN,
  CHANGE_EVENT_NAME,
  type ChangeRecord,
  CLOUDTRAIL_DETAIL_TYPE,
  type CloudTrailResourceRecordSet,
  type CloudTrailUserIdentity,
  changeEventSchema,
  changeRecordSchema,
  formatIssues,
  ROUTE53_EVENT_SOURCE,
  ROUTE53_EVENTBRIDGE_SOURCE,
} from './cloudtrail-schema.js';
import { InvalidEventError } from './errors.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** `Jan 16, 2018 12:41:43 AM`, `Jun 19, 2024, 8:15:28 PM` (also with U+202F or U+00A0 before PM). */
const JAVA_MEDIUM_DATE =
  /^([A-Za-z]{3}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})[ \u00a0\u202f]?([AaPp][Mm])$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads Route 53's `changeInfo.submittedAt` as CloudTrail writes it, in UTC: the Java medium format
 * (`Jan 16, 2018 12:41:43 AM`, with or without a comma after the year) or ISO 8601. `undefined` when
 * the text is in neither form or names no real instant.
 *
 * @example
 * parseSubmittedAt('Jan 16, 2018 12:41:43 AM'); // '2018-01-16T00:41:43.000Z'
 */
export function parseSubmittedAt(text: string): string | undefined {
  const trimmed = text.trim();
  if (ISO_DATE.test(trimmed)) {
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  const m = JAVA_MEDIUM_DATE.exec(trimmed);
  if (!m) return undefined;
  const [, mon, day, year, hour, minute, second, half] = m as unknown as string[];
  const month = MONTHS.indexOf((mon as string).toLowerCase());
  const h = Number(hour);
  if (month < 0 || h < 1 || h > 12) return undefined;
  const h24 = (h % 12) + ((half as string).toUpperCase() === 'PM' ? 12 : 0);
  const date = new Date(Date.UTC(Number(year), month, Number(day), h24, Number(minute), Number(second)));
  if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== month || Number(second) > 59) {
    return undefined;
  }
  return date.toISOString();
}

/** Who made the call: the session ARN for an assumed role, so two sessions of one role are two writers. */
export function writerOf(
  identity: CloudTrailUserIdentity,
  sourceIp: string | undefined,
  userAgent: string | undefined,
): Writer {
  const session = ASSUMED_ROLE_ARN.exec(identity.arn ?? '');
  const principalArn =
    identity.arn ?? identity.invokedBy ?? `${identity.type}:${identity.principalId ?? identity.accountId}`;
  let roleName: string | undefined;
  let sessionName: string | undefined;
  if (identity.type === 'AssumedRole' && session) {
    roleName = identity.sessionContext?.sessionIssuer?.userName ?? session[1];
    sessionName = session[2];
  } else if (identity.type === 'IAMUser') {
    roleName = identity.userName ?? identity.arn?.split('/').at(-1);
  } else if (identity.type === 'FederatedUser') {
    roleName = identity.sessionContext?.sessionIssuer?.userName;
    sessionName = identity.arn?.split('/').at(-1);
  }
  return {
    principalArn,
    ...(roleName ? { roleName } : {}),
    ...(sessionName ? { sessionName } : {}),
    ...(sourceIp ? { sourceIp } : {}),
    ...(userAgent ? { userAgent } : {}),
  };
}

function recordSetOf(zoneId: string, rrset: CloudTrailResourceRecordSet): RecordSetContent {
  const alias = rrset.aliasTarget;
  return {
    key: {
      zoneId,
      name: normalizeRecordName(rrset.name),
      type: rrset.type,
      ...(rrset.setIdentifier !== undefined ? { setIdentifier: rrset.setIdentifier } : {}),
    },
    ...(rrset.tTL !== undefined ? { ttl: rrset.tTL } : {}),
    values: (rrset.resourceRecords ?? []).map((r) => r.value).sort(),
    ...(alias
      ? {
          alias: {
            dnsName: normalizeDnsName(alias.dNSName),
            hostedZoneId: bareZoneId(alias.hostedZoneId),
            evaluateTargetHealth: alias.evaluateTargetHealth,
          },
        }
      : {}),
    ...(rrset.weight !== undefined ? { weight: rrset.weight } : {}),
    ...(rrset.failover !== undefined ? { failover: rrset.failover } : {}),
    ...(rrset.region !== undefined ? { region: rrset.region } : {}),
    ...(rrset.multiValueAnswer !== undefined ? { multiValueAnswer: rrset.multiValueAnswer } : {}),
    ...(rrset.healthCheckId !== undefined ? { healthCheckId: rrset.healthCheckId } : {}),
  };
}

/** Turns one validated record into one change per batch entry. */
export function changesOfRecord(record: ChangeRecord): ControlPlaneChange[] {
  const changeInfo = record.responseElements?.changeInfo;
  const submitted = changeInfo ? parseSubmittedAt(changeInfo.submittedAt) : undefined;
  const at = submitted ?? new Date(Date.parse(record.eventTime)).toISOString();
  const zoneId = bareZoneId(record.requestParameters.hostedZoneId);
  const writer = writerOf(record.userIdentity, record.sourceIPAddress, record.userAgent);
  const comment = record.requestParameters.changeBatch.comment ?? changeInfo?.comment;
  return record.requestParameters.changeBatch.changes.map((change, index) => ({
    id: `${record.eventID}#${index}`,
    source: 'cloudtrail',
    at,
    action: change.action,
    recordSet: recordSetOf(zoneId, change.resourceRecordSet),
    writer,
    requestId: record.requestID,
    ...(changeInfo ? { changeId: bareChangeId(changeInfo.id) } : {}),
    ...(comment !== undefined ? { comment } : {}),
    ...(record.errorCode !== undefined ? { errorCode: record.errorCode } : {}),
  }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readableId(input: unknown): string | undefined {
  if (!isObject(input)) return undefined;
  const detail = isObject(input.detail) ? input.detail : undefined;
  const id = detail?.eventID ?? input.eventID ?? input.id;
  return typeof id === 'string' && id ? id : undefined;
}

/** Field-named reasons an event is about something other than a Route 53 change; empty when it is one. */
function unsupportedReasons(input: Record<string, unknown>, envelope: boolean): string[] {
  const record = envelope ? input.detail : input;
  const prefix = envelope ? 'detail.' : '';
  const reasons: string[] = [];
  const differs = (value: unknown, expected: string) => typeof value === 'string' && value !== expected;
  if (envelope && differs(input.source, ROUTE53_EVENTBRIDGE_SOURCE))
    reasons.push(`source: expected ${ROUTE53_EVENTBRIDGE_SOURCE}, got ${input.source}`);
  if (envelope && differs(input['detail-type'], CLOUDTRAIL_DETAIL_TYPE))
    reasons.push(`detail-type: expected ${CLOUDTRAIL_DETAIL_TYPE}, got ${input['detail-type']}`);
  if (isObject(record)) {
    if (differs(record.eventSource, ROUTE53_EVENT_SOURCE))
      reasons.push(`${prefix}eventSource: expected ${ROUTE53_EVENT_SOURCE}, got ${record.eventSource}`);
    if (differs(record.eventName, CHANGE_EVENT_NAME))
      reasons.push(`${prefix}eventName: expected ${CHANGE_EVENT_NAME}, got ${record.eventName}`);
  }
  return reasons;
}

/** True for an EventBridge envelope (has `detail-type` or `detail`), false for a bare CloudTrail record. */
export function isEventBridgeEnvelope(input: Record<string, unknown>): boolean {
  return 'detail-type' in input || 'detail' in input;
}

/**
 * Reads one Route 53 `ChangeResourceRecordSets` call — an EventBridge "AWS API Call via CloudTrail"
 * event or a bare CloudTrail record — into one ControlPlaneChange per change in its batch, in batch
 * order. Ids are `<eventID>#<index>`, so the same call read twice (or from EventBridge and from a log
 * file) yields the same ids. A failed call (`errorCode`) still yields its changes, flagged, timed by
 * `eventTime`; a successful one is timed by `changeInfo.submittedAt` (by `eventTime` if that is in an
 * unknown format).
 *
 * @throws InvalidEventError `UNSUPPORTED_EVENT` for other services or calls, `INVALID_EVENT` (naming
 * the field path, e.g. `detail.requestParameters.changeBatch.changes.0.action`) for a malformed one.
 * @example
 * const changes = parseCloudTrailChange(JSON.parse(body));
 * changes[0].writer.sessionName; // 'enactor-1'
 */
export function parseCloudTrailChange(input: unknown): ControlPlaneChange[] {
  const eventId = readableId(input);
  if (!isObject(input)) {
    throw new InvalidEventError('INVALID_EVENT', undefined, [
      `expected a JSON object, got ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}`,
    ]);
  }
  const envelope = isEventBridgeEnvelope(input);
  const unsupported = unsupportedReasons(input, envelope);
  if (unsupported.length > 0) throw new InvalidEventError('UNSUPPORTED_EVENT', eventId, unsupported);
  if (envelope) {
    const parsed = changeEventSchema.safeParse(input);
    if (!parsed.success) {
      throw new InvalidEventError('INVALID_EVENT', eventId, formatIssues(parsed.error), {
        cause: parsed.error,
      });
    }
    return changesOfRecord(parsed.data.detail);
  }
  const parsed = changeRecordSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidEventError('INVALID_EVENT', eventId, formatIssues(parsed.error), {
      cause: parsed.error,
    });
  }
  return changesOfRecord(parsed.data);
}
