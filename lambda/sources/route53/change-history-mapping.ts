import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { ControlPlaneChange, Writer } from '../../domain/route53/control-plane-change.js';
import { bareChangeId, bareZoneId } from '../../domain/route53/ids.js';
import type { RecordSetContent } from '../../domain/route53/record-set.js';
import type { ChangeBatchDetail, ChangeBatchSummary } from '../../ports/change-history.js';
import type { RawRecordSet, RawSummary } from './change-history-schema.js';
import { ASSUMED_ROLE_ARN } from './cloudtrail-schema.js';
import { fromSdkRecordSet } from './record-set-mapping.js';

/**
 * One ControlPlaneChange per change of a Change History batch (source `change-history`), attributed
 * to `SubmittedBy`. Ids are `<changeId>#<index>`; `requestId` is CloudTrail's `requestID`, so the
 * same call seen through CloudTrail can be matched. Route 53 keeps no before-values: an UPSERT's
 * `recordSet` is what it wrote, not what it replaced.
 *
 * @example
 * const changes = toControlPlaneChanges(zoneId, batch);
 * changes[0].writer.sessionName; // 'enactor-2'
 */
export function toControlPlaneChanges(zoneId: string, batch: ChangeBatchDetail): ControlPlaneChange[] {
  const zone = bareZoneId(zoneId);
  const writer = writerFromPrincipalArn(batch.submittedBy);
  return batch.changes.map((change, index) => ({
    id: `${batch.changeId}#${index}`,
    source: 'change-history',
    at: batch.submittedAt,
    action: change.action,
    recordSet: { ...change.recordSet, key: { ...change.recordSet.key, zoneId: zone } },
    writer,
    requestId: batch.requestId ?? '',
    changeId: batch.changeId,
    ...(batch.comment !== undefined ? { comment: batch.comment } : {}),
  }));
}

const IAM_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/;
const FEDERATED_USER_ARN = /^arn:aws[a-z-]*:sts::\d{12}:federated-user\/(.+)$/;

/**
 * The writer behind a principal ARN: role and session for an assumed-role session (two sessions of
 * one role are two writers), the user name for an IAM user, the name of a federated user.
 */
export function writerFromPrincipalArn(arn: string): Writer {
  const session = ASSUMED_ROLE_ARN.exec(arn);
  if (session)
    return { principalArn: arn, roleName: session[1] as string, sessionName: session[2] as string };
  const user = IAM_USER_ARN.exec(arn);
  if (user) return { principalArn: arn, roleName: user[1] as string };
  const federated = FEDERATED_USER_ARN.exec(arn);
  if (federated) return { principalArn: arn, sessionName: federated[1] as string };
  return { principalArn: arn };
}

export function toSummary(raw: RawSummary): ChangeBatchSummary {
  return {
    changeId: bareChangeId(raw.ChangeId),
    operation: raw.Operation,
    submittedAt: new Date(Date.parse(raw.SubmittedAt)).toISOString(),
    submittedBy: raw.SubmittedBy,
    ...(raw.RequestId ? { requestId: raw.RequestId } : {}),
    ...(raw.Comment !== undefined ? { comment: raw.Comment } : {}),
    ...(raw.ChangeCount !== undefined ? { changeCount: raw.ChangeCount } : {}),
  };
}

export function toRecordSet(zoneId: string, set: RawRecordSet): RecordSetContent {
  const sdk: ResourceRecordSet = {
    Name: set.Name,
    Type: set.Type as ResourceRecordSet['Type'],
    ...(set.SetIdentifier !== undefined ? { SetIdentifier: set.SetIdentifier } : {}),
    ...(set.Weight !== undefined ? { Weight: set.Weight } : {}),
    ...(set.Region !== undefined ? { Region: set.Region as ResourceRecordSet['Region'] } : {}),
    ...(set.GeoLocation !== undefined ? { GeoLocation: set.GeoLocation } : {}),
    ...(set.Failover !== undefined ? { Failover: set.Failover } : {}),
    ...(set.MultiValueAnswer !== undefined ? { MultiValueAnswer: set.MultiValueAnswer } : {}),
    ...(set.TTL !== undefined ? { TTL: set.TTL } : {}),
    ...(set.ResourceRecords !== undefined ? { ResourceRecords: set.ResourceRecords } : {}),
    ...(set.AliasTarget !== undefined ? { AliasTarget: set.AliasTarget } : {}),
    ...(set.HealthCheckId !== undefined ? { HealthCheckId: set.HealthCheckId } : {}),
  };
  return fromSdkRecordSet(zoneId, sdk);
}
