import { createHash } from 'node:crypto';
import { normalizeDnsName } from '../dns-name.js';

/** Identifies one Route 53 record set: a routing policy's members differ by set identifier. */
export interface RecordSetKey {
  /** Hosted zone id without the `/hostedzone/` prefix, e.g. `Z0123456789ABCDEFGHIJ`. */
  zoneId: string;
  /** Lower-case, without the trailing dot; `\052` (escaped `*`) decoded to `*`. */
  name: string;
  type: string;
  setIdentifier?: string;
}

export interface AliasTarget {
  dnsName: string;
  hostedZoneId: string;
  evaluateTargetHealth: boolean;
}

/** One record set's content as Route 53 holds it (what ListResourceRecordSets or a change carries). */
export interface RecordSetContent {
  key: RecordSetKey;
  ttl?: number;
  /** Sorted values; empty for an alias record. */
  values: string[];
  alias?: AliasTarget;
  weight?: number;
  failover?: 'PRIMARY' | 'SECONDARY';
  region?: string;
  multiValueAnswer?: boolean;
  healthCheckId?: string;
}

export function recordSetId(key: RecordSetKey): string {
  return `${key.zoneId}/${key.name}/${key.type}${key.setIdentifier === undefined ? '' : `/${key.setIdentifier}`}`;
}

/** The DNS target (probe side) a record set answers for, so both sources land on one incident. */
export function dnsTargetIdOf(key: RecordSetKey): string {
  return `${key.name}/${key.type}`;
}

export function normalizeRecordName(name: string): string {
  return normalizeDnsName(
    name
      .replace(/\\052/g, '*')
      .replace(/\\(\d{3})/g, (_, code: string) => String.fromCharCode(Number.parseInt(code, 8))),
  );
}

/** Content hash: equal hashes mean equal content, so a snapshot writes only changed record sets. */
export function contentHash(content: RecordSetContent): string {
  const canonical = JSON.stringify([
    content.ttl ?? null,
    [...content.values].sort(),
    content.alias
      ? [
          normalizeDnsName(content.alias.dnsName),
          content.alias.hostedZoneId,
          content.alias.evaluateTargetHealth,
        ]
      : null,
    content.weight ?? null,
    content.failover ?? null,
    content.region ?? null,
    content.multiValueAnswer ?? null,
    content.healthCheckId ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** A record set that may carry its content hash, computed once where it was listed or stored. */
export type HashedRecordSet = RecordSetContent & { hash?: string };

/** The carried hash, or a fresh one. */
export function hashOf(r: HashedRecordSet): string {
  return r.hash ?? contentHash(r);
}

/** The content alone, without a carried hash (what is stored and compared). */
export function withoutHash(r: HashedRecordSet): RecordSetContent {
  const { hash: _hash, ...content } = r;
  return content;
}
