import type { HostedZone } from './hosted-zone.js';
import { rawName } from './names.js';
import { routingPolicyOf, type StoredRecordSet } from './record-sets.js';

/** What an authoritative Route 53 name server would put in the answer for one (name, type). */
export interface EffectiveAnswer {
  values: string[];
  ttl: number;
}

const MAX_ALIAS_DEPTH = 8;
/** Route 53 answers a multivalue query with up to eight healthy records. */
const MULTIVALUE_LIMIT = 8;

/**
 * The records a query for (name, type) gets, with health checks taken as healthy and the
 * resolver taken to sit in us-east-1:
 * - weighted: the members whose weight is > 0 — or all of them when every weight is 0, as the
 *   API reference (ResourceRecordSet, Weight) documents; their values merged (for a CNAME, the
 *   heaviest member's, as DNS allows one CNAME);
 * - failover: PRIMARY, else SECONDARY; latency: the us-east-1 member, else the first;
 * - geolocation: the default (`*`) member, else the first; multivalue: up to eight members;
 * - alias to a record in the same zone: that record's answer (and TTL); other aliases (ELB,
 *   CloudFront…) have no data here and answer nothing.
 */
export function effectiveAnswer(
  zone: HostedZone,
  name: string,
  type: string,
  depth = 0,
): EffectiveAnswer | undefined {
  if (depth > MAX_ALIAS_DEPTH) return undefined;
  const members = zone.atName(name).filter((set) => set.type === type);
  if (members.length === 0) return undefined;
  const chosen = choose(members);
  const values: string[] = [];
  let ttl = Number.POSITIVE_INFINITY;
  for (const member of chosen) {
    const answer = member.alias
      ? aliasAnswer(zone, member, type, depth)
      : { values: member.values, ttl: member.ttl ?? 300 };
    if (!answer) continue;
    for (const value of answer.values) if (!values.includes(value)) values.push(value);
    ttl = Math.min(ttl, answer.ttl);
  }
  if (values.length === 0) return undefined;
  return { values: type === 'CNAME' ? values.slice(0, 1) : values, ttl };
}

function aliasAnswer(
  zone: HostedZone,
  member: StoredRecordSet,
  type: string,
  depth: number,
): EffectiveAnswer | undefined {
  const alias = member.alias;
  if (!alias || alias.hostedZoneId !== zone.id) return undefined;
  return effectiveAnswer(zone, alias.dnsName, type, depth + 1);
}

function choose(members: StoredRecordSet[]): StoredRecordSet[] {
  const first = members[0] as StoredRecordSet;
  switch (routingPolicyOf(first)) {
    case 'simple':
      return [first];
    case 'weighted': {
      const positive = members.filter((member) => (member.weight ?? 0) > 0);
      const pool = positive.length > 0 ? positive : members;
      return [...pool].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0));
    }
    case 'failover':
      return [members.find((member) => member.failover === 'PRIMARY') ?? first];
    case 'latency':
      return [members.find((member) => member.region === 'us-east-1') ?? first];
    case 'geolocation':
      return [members.find((member) => member.geoLocation?.countryCode === '*') ?? first];
    case 'multivalue':
      return members.slice(0, MULTIVALUE_LIMIT);
    default:
      return [first];
  }
}

export interface TestDnsResult {
  responseCode: 'NOERROR' | 'NXDOMAIN';
  recordData: string[];
}

/** TestDNSAnswer: the answer data, following one in-zone CNAME like the name server's answer section. */
export function testDnsAnswer(zone: HostedZone, name: string, type: string): TestDnsResult {
  const direct = effectiveAnswer(zone, name, type);
  if (direct) return { responseCode: 'NOERROR', recordData: direct.values };
  const cname = type === 'CNAME' ? undefined : effectiveAnswer(zone, name, 'CNAME');
  if (cname) return { responseCode: 'NOERROR', recordData: cname.values };
  const exists = rawName(name) === rawName(zone.name) || zone.nameExists(name);
  return { responseCode: exists ? 'NOERROR' : 'NXDOMAIN', recordData: [] };
}
