import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { presentationName, rawName, sortKey } from './names.js';
import { child, childrenNamed, el, textOf, type XmlElement, type XmlNode } from './xml.js';

/** A record set as the fake stores it: canonical name, parsed routing fields, precomputed sort key. */
export interface StoredRecordSet {
  /** Presentation form: lower case, trailing dot, octal escapes (`\052.example.com.`). */
  name: string;
  type: string;
  setIdentifier?: string;
  weight?: number;
  region?: string;
  geoLocation?: { continentCode?: string; countryCode?: string; subdivisionCode?: string };
  failover?: 'PRIMARY' | 'SECONDARY';
  multiValueAnswer?: boolean;
  ttl?: number;
  values: string[];
  alias?: { hostedZoneId: string; dnsName: string; evaluateTargetHealth: boolean };
  healthCheckId?: string;
  key: string;
}

/** The routing policy a record set belongs to, from the fields Route 53 makes mutually exclusive. */
export type RoutingPolicy =
  | 'simple'
  | 'weighted'
  | 'failover'
  | 'latency'
  | 'geolocation'
  | 'multivalue'
  | 'other';

export function routingPolicyOf(set: StoredRecordSet): RoutingPolicy {
  if (set.setIdentifier === undefined) return 'simple';
  if (set.weight !== undefined) return 'weighted';
  if (set.failover !== undefined) return 'failover';
  if (set.region !== undefined) return 'latency';
  if (set.geoLocation !== undefined) return 'geolocation';
  if (set.multiValueAnswer !== undefined) return 'multivalue';
  return 'other';
}

/** Normalizes an SDK-shaped record set (what a test or the request XML gives). */
export function fromSdk(input: ResourceRecordSet): StoredRecordSet {
  const name = presentationName(input.Name ?? '');
  const type = String(input.Type ?? '').toUpperCase();
  const set: StoredRecordSet = {
    name,
    type,
    values: (input.ResourceRecords ?? []).map((record) => record.Value ?? ''),
    key: sortKey(name, type, input.SetIdentifier),
  };
  if (input.SetIdentifier !== undefined) set.setIdentifier = input.SetIdentifier;
  if (input.Weight !== undefined) set.weight = input.Weight;
  if (input.Region !== undefined) set.region = input.Region;
  if (input.GeoLocation !== undefined) {
    set.geoLocation = {};
    if (input.GeoLocation.ContinentCode) set.geoLocation.continentCode = input.GeoLocation.ContinentCode;
    if (input.GeoLocation.CountryCode) set.geoLocation.countryCode = input.GeoLocation.CountryCode;
    if (input.GeoLocation.SubdivisionCode)
      set.geoLocation.subdivisionCode = input.GeoLocation.SubdivisionCode;
  }
  if (input.Failover !== undefined) set.failover = input.Failover;
  if (input.MultiValueAnswer !== undefined) set.multiValueAnswer = input.MultiValueAnswer;
  if (input.TTL !== undefined) set.ttl = input.TTL;
  if (input.AliasTarget !== undefined) {
    set.alias = {
      hostedZoneId: String(input.AliasTarget.HostedZoneId ?? '').replace(/^\/hostedzone\//, ''),
      dnsName: presentationName(input.AliasTarget.DNSName ?? ''),
      evaluateTargetHealth: input.AliasTarget.EvaluateTargetHealth ?? false,
    };
  }
  if (input.HealthCheckId !== undefined) set.healthCheckId = input.HealthCheckId;
  return set;
}

export function toSdk(set: StoredRecordSet): ResourceRecordSet {
  const output: ResourceRecordSet = { Name: set.name, Type: set.type as ResourceRecordSet['Type'] };
  if (set.setIdentifier !== undefined) output.SetIdentifier = set.setIdentifier;
  if (set.weight !== undefined) output.Weight = set.weight;
  if (set.region !== undefined) output.Region = set.region as ResourceRecordSet['Region'];
  if (set.geoLocation) {
    output.GeoLocation = {
      ContinentCode: set.geoLocation.continentCode,
      CountryCode: set.geoLocation.countryCode,
      SubdivisionCode: set.geoLocation.subdivisionCode,
    };
  }
  if (set.failover !== undefined) output.Failover = set.failover;
  if (set.multiValueAnswer !== undefined) output.MultiValueAnswer = set.multiValueAnswer;
  if (set.ttl !== undefined) output.TTL = set.ttl;
  if (!set.alias) output.ResourceRecords = set.values.map((Value) => ({ Value }));
  if (set.alias) {
    output.AliasTarget = {
      HostedZoneId: set.alias.hostedZoneId,
      DNSName: set.alias.dnsName,
      EvaluateTargetHealth: set.alias.evaluateTargetHealth,
    };
  }
  if (set.healthCheckId !== undefined) output.HealthCheckId = set.healthCheckId;
  return output;
}

/** `<ResourceRecordSet>` from a request document, into the SDK shape (then `fromSdk`). */
export function parseRecordSetXml(node: XmlNode): ResourceRecordSet {
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const bool = (value: string | undefined) => (value === undefined ? undefined : value === 'true');
  const geo = child(node, 'GeoLocation');
  const alias = child(node, 'AliasTarget');
  const records = child(node, 'ResourceRecords');
  return {
    Name: textOf(node, 'Name'),
    Type: textOf(node, 'Type') as ResourceRecordSet['Type'],
    SetIdentifier: textOf(node, 'SetIdentifier'),
    Weight: number(textOf(node, 'Weight')),
    Region: textOf(node, 'Region') as ResourceRecordSet['Region'],
    GeoLocation: geo
      ? {
          ContinentCode: textOf(geo, 'ContinentCode'),
          CountryCode: textOf(geo, 'CountryCode'),
          SubdivisionCode: textOf(geo, 'SubdivisionCode'),
        }
      : undefined,
    Failover: textOf(node, 'Failover') as ResourceRecordSet['Failover'],
    MultiValueAnswer: bool(textOf(node, 'MultiValueAnswer')),
    TTL: number(textOf(node, 'TTL')),
    ResourceRecords: records
      ? childrenNamed(records, 'ResourceRecord').map((record) => ({ Value: textOf(record, 'Value') }))
      : undefined,
    AliasTarget: alias
      ? {
          HostedZoneId: textOf(alias, 'HostedZoneId'),
          DNSName: textOf(alias, 'DNSName'),
          EvaluateTargetHealth: bool(textOf(alias, 'EvaluateTargetHealth')) ?? false,
        }
      : undefined,
    HealthCheckId: textOf(node, 'HealthCheckId'),
  };
}

/** `<ResourceRecordSet>` in the element order of Route 53's schema. */
export function recordSetXml(set: StoredRecordSet): XmlElement {
  const geo = set.geoLocation;
  return el('ResourceRecordSet', [
    el('Name', set.name),
    el('Type', set.type),
    el('SetIdentifier', set.setIdentifier),
    el('Weight', set.weight),
    el('Region', set.region),
    el(
      'GeoLocation',
      geo
        ? [
            el('ContinentCode', geo.continentCode),
            el('CountryCode', geo.countryCode),
            el('SubdivisionCode', geo.subdivisionCode),
          ]
        : undefined,
    ),
    el('Failover', set.failover),
    el('MultiValueAnswer', set.multiValueAnswer),
    el('TTL', set.ttl),
    el(
      'ResourceRecords',
      set.alias ? undefined : set.values.map((value) => el('ResourceRecord', [el('Value', value)])),
    ),
    el(
      'AliasTarget',
      set.alias
        ? [
            el('HostedZoneId', set.alias.hostedZoneId),
            el('DNSName', set.alias.dnsName),
            el('EvaluateTargetHealth', set.alias.evaluateTargetHealth),
          ]
        : undefined,
    ),
    el('HealthCheckId', set.healthCheckId),
  ]);
}

/** Route 53's DELETE rule: every field must equal the current record set (values as a set). */
export function sameContent(a: StoredRecordSet, b: StoredRecordSet): boolean {
  return canonical(a) === canonical(b);
}

function canonical(set: StoredRecordSet): string {
  return JSON.stringify([
    rawName(set.name),
    set.type,
    set.setIdentifier ?? null,
    set.weight ?? null,
    set.region ?? null,
    set.geoLocation
      ? [set.geoLocation.continentCode, set.geoLocation.countryCode, set.geoLocation.subdivisionCode]
      : null,
    set.failover ?? null,
    set.multiValueAnswer ?? null,
    set.ttl ?? null,
    [...set.values].sort(),
    set.alias ? [set.alias.hostedZoneId, set.alias.dnsName, set.alias.evaluateTargetHealth] : null,
    set.healthCheckId ?? null,
  ]);
}

/** Route 53's way of naming a record set in InvalidChangeBatch messages. */
export function describe(set: Pick<StoredRecordSet, 'name' | 'type' | 'setIdentifier'>): string {
  const identifier = set.setIdentifier === undefined ? '' : `, set-identifier='${set.setIdentifier}'`;
  return `[name='${set.name}', type='${set.type}'${identifier}]`;
}
