import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { bareZoneId } from '../../domain/route53/ids.js';
import { normalizeRecordName, type RecordSetContent } from '../../domain/route53/record-set.js';

/** Route 53's record set (SDK shape) → Lookout's content, with names normalised and values sorted. */
export function fromSdkRecordSet(zoneId: string, r: ResourceRecordSet): RecordSetContent {
  return {
    key: {
      zoneId: bareZoneId(zoneId),
      name: normalizeRecordName(r.Name ?? ''),
      type: r.Type ?? '',
      ...(r.SetIdentifier !== undefined ? { setIdentifier: r.SetIdentifier } : {}),
    },
    ...(r.TTL !== undefined ? { ttl: r.TTL } : {}),
    values: (r.ResourceRecords ?? []).map((rr) => rr.Value ?? '').sort(),
    ...(r.AliasTarget
      ? {
          alias: {
            dnsName: (r.AliasTarget.DNSName ?? '').toLowerCase(),
            hostedZoneId: r.AliasTarget.HostedZoneId ?? '',
            evaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth ?? false,
          },
        }
      : {}),
    ...(r.Weight !== undefined ? { weight: r.Weight } : {}),
    ...(r.Failover !== undefined ? { failover: r.Failover } : {}),
    ...(r.Region !== undefined ? { region: r.Region } : {}),
    ...(r.MultiValueAnswer !== undefined ? { multiValueAnswer: r.MultiValueAnswer } : {}),
    ...(r.HealthCheckId !== undefined ? { healthCheckId: r.HealthCheckId } : {}),
  };
}

/**
 * Lookout's content → the SDK shape, exactly as it was read: a DELETE must match the current record
 * set field for field, so nothing is added or re-ordered beyond what Route 53 returned.
 */
export function toSdkRecordSet(content: RecordSetContent): ResourceRecordSet {
  return {
    Name: content.key.name,
    Type: content.key.type as ResourceRecordSet['Type'],
    ...(content.key.setIdentifier !== undefined ? { SetIdentifier: content.key.setIdentifier } : {}),
    ...(content.ttl !== undefined ? { TTL: content.ttl } : {}),
    ...(content.values.length ? { ResourceRecords: content.values.map((Value) => ({ Value })) } : {}),
    ...(content.alias
      ? {
          AliasTarget: {
            DNSName: content.alias.dnsName,
            HostedZoneId: content.alias.hostedZoneId,
            EvaluateTargetHealth: content.alias.evaluateTargetHealth,
          },
        }
      : {}),
    ...(content.weight !== undefined ? { Weight: content.weight } : {}),
    ...(content.failover !== undefined ? { Failover: content.failover } : {}),
    ...(content.region !== undefined ? { Region: content.region as ResourceRecordSet['Region'] } : {}),
    ...(content.multiValueAnswer !== undefined ? { MultiValueAnswer: content.multiValueAnswer } : {}),
    ...(content.healthCheckId !== undefined ? { HealthCheckId: content.healthCheckId } : {}),
  };
}
