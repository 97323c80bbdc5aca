import type { ChangeBatch } from '@aws-sdk/client-route-53';
import { testDnsAnswer } from './answers.js';
import type { ChangeAction, RequestedChange } from './change-batch.js';
import { errors } from './errors.js';
import type { HostedZone } from './hosted-zone.js';
import type { CallerIdentity } from './identity.js';
import { isInZone, presentationName } from './names.js';
import { fromSdk, parseRecordSetXml, recordSetXml } from './record-sets.js';
import type { ChangeInfoRecord, Route53State } from './state.js';
import { child, childrenNamed, el, parseXml, renderDocument, textOf, type XmlElement } from './xml.js';

/** Everything a handler needs about one request; handlers may leave notes for CloudTrail. */
export interface RequestContext {
  state: Route53State;
  params: string[];
  query: URLSearchParams;
  body: string;
  caller: CallerIdentity;
  requestId: string;
  /** Set by ChangeResourceRecordSets for the CloudTrail event and the DNS mirror. */
  notes: { changeBatch?: ChangeBatch; changeInfo?: ChangeInfoRecord; zone?: HostedZone; touched?: string[] };
}

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  operation: string;
  handle: (context: RequestContext) => string;
}

const PREFIX = '/2013-04-01';
const LIST_LIMIT = 300;

/** The operations the fake serves, by REST path as the SDK's schemas bind them. */
export const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/hostedzone\/?$/, operation: 'ListHostedZones', handle: listHostedZones },
  { method: 'GET', pattern: /^\/hostedzone\/([^/]+)\/?$/, operation: 'GetHostedZone', handle: getHostedZone },
  {
    method: 'GET',
    pattern: /^\/hostedzone\/([^/]+)\/rrset\/?$/,
    operation: 'ListResourceRecordSets',
    handle: listResourceRecordSets,
  },
  {
    method: 'POST',
    pattern: /^\/hostedzone\/([^/]+)\/rrset\/?$/,
    operation: 'ChangeResourceRecordSets',
    handle: changeResourceRecordSets,
  },
  { method: 'GET', pattern: /^\/change\/(.+)$/, operation: 'GetChange', handle: getChange },
  {
    method: 'GET',
    pattern: /^\/testdnsanswer\/?$/,
    operation: 'TestDNSAnswer',
    handle: testDnsAnswerOperation,
  },
  {
    method: 'POST',
    pattern: /^\/hostedzone\/([^/]+)\/features\/?$/,
    operation: 'UpdateHostedZoneFeatures',
    handle: updateHostedZoneFeatures,
  },
  {
    method: 'GET',
    pattern: /^\/hostedzone\/([^/]+)\/changebatches\/?$/,
    operation: 'ListHostedZoneChangeBatches',
    handle: (context) => historyOf(context).listBatchesXml(queryObject(context.query)),
  },
  {
    method: 'GET',
    pattern: /^\/hostedzone\/([^/]+)\/changebatches\/(.+)$/,
    operation: 'GetHostedZoneChangeBatch',
    handle: (context) => historyOf(context).batchXml(decodeURIComponent(context.params[1] ?? '')),
  },
  {
    method: 'GET',
    pattern: /^\/hostedzone\/([^/]+)\/rrsetchanges\/?$/,
    operation: 'ListResourceRecordSetChanges',
    handle: (context) => historyOf(context).listRecordSetChangesXml(queryObject(context.query)),
  },
];

export function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  const rest = path.slice(PREFIX.length);
  for (const route of ROUTES) {
    const match = route.method === method ? route.pattern.exec(rest) : null;
    if (match) return { route, params: match.slice(1).map((param) => decodeURIComponent(param)) };
  }
  return undefined;
}

function zoneOf(context: RequestContext): HostedZone {
  return context.state.zone(context.params[0] ?? '');
}

function historyOf(context: RequestContext) {
  return context.state.history(zoneOf(context));
}

function queryObject(query: URLSearchParams): Record<string, string> {
  return Object.fromEntries(query.entries());
}

function hostedZoneXml(zone: HostedZone): XmlElement {
  return el('HostedZone', [
    el('Id', `/hostedzone/${zone.id}`),
    el('Name', zone.name),
    el('CallerReference', zone.callerReference),
    el('Config', [el('Comment', zone.comment), el('PrivateZone', zone.privateZone)]),
    el('ResourceRecordSetCount', zone.size),
    el(
      'Features',
      zone.privateZone ? undefined : [el('AcceleratedRecoveryStatus', zone.acceleratedRecovery)],
    ),
  ]);
}

/** Marker is the next zone id; MaxItems defaults to 100 (Route 53's maximum for this call). */
function listHostedZones({ state, query }: RequestContext): string {
  const max = Math.min(Number(query.get('maxitems') ?? 100), 100);
  if (!Number.isInteger(max) || max < 1) throw errors.invalidInput('maxitems must be a positive integer');
  const zones = [...state.zones.values()];
  const marker = query.get('marker');
  const start = marker ? zones.findIndex((zone) => zone.id === marker) : 0;
  if (start < 0) throw errors.invalidInput(`Invalid marker: ${marker}`);
  const page = zones.slice(start, start + max);
  const next = zones[start + max];
  return renderDocument('ListHostedZonesResponse', [
    el('HostedZones', page.map(hostedZoneXml)),
    el('Marker', marker ?? ''),
    el('IsTruncated', next !== undefined),
    el('NextMarker', next?.id),
    el('MaxItems', max),
  ]);
}

function getHostedZone(context: RequestContext): string {
  const zone = zoneOf(context);
  return renderDocument('GetHostedZoneResponse', [
    hostedZoneXml(zone),
    el(
      'DelegationSet',
      zone.privateZone
        ? undefined
        : [
            el(
              'NameServers',
              zone.nameServers.map((ns) => el('NameServer', ns.slice(0, -1))),
            ),
          ],
    ),
  ]);
}

/** Route 53 order from (name, type, identifier); at most 300 per page; Next* name the next set. */
function listResourceRecordSets(context: RequestContext): string {
  const zone = zoneOf(context);
  const { query } = context;
  const name = query.get('name') ?? undefined;
  const type = query.get('type') ?? undefined;
  const identifier = query.get('identifier') ?? undefined;
  if (type !== undefined && name === undefined)
    throw errors.invalidInput('Type cannot be specified without Name');
  const requested = query.get('maxitems');
  const max = requested === null ? LIST_LIMIT : Number(requested);
  if (!Number.isInteger(max) || max < 1) throw errors.invalidInput('maxitems must be a positive integer');
  const { items, next } = zone.list({ name, type, identifier }, Math.min(max, LIST_LIMIT));
  return renderDocument('ListResourceRecordSetsResponse', [
    el('ResourceRecordSets', items.map(recordSetXml)),
    el('IsTruncated', next !== undefined),
    el('NextRecordName', next?.name),
    el('NextRecordType', next?.type),
    el('NextRecordIdentifier', next?.setIdentifier),
    el('MaxItems', requested ?? LIST_LIMIT),
  ]);
}

function changeResourceRecordSets(context: RequestContext): string {
  const zone = zoneOf(context);
  let document: ReturnType<typeof parseXml>;
  try {
    document = parseXml(context.body);
  } catch (error) {
    throw errors.malformedInput(`Could not parse the request: ${(error as Error).message}`);
  }
  const batchNode = child(document, 'ChangeBatch');
  if (document.name !== 'ChangeResourceRecordSetsRequest' || !batchNode) {
    throw errors.malformedInput('ChangeBatch is not valid, expected ChangeResourceRecordSetsRequest');
  }
  const changeNodes = childrenNamed(child(batchNode, 'Changes'), 'Change');
  const comment = textOf(batchNode, 'Comment');
  const sdkChanges = changeNodes.map((node) => {
    const recordNode = child(node, 'ResourceRecordSet');
    if (!recordNode) throw errors.invalidInput('Change is missing ResourceRecordSet');
    return {
      Action: textOf(node, 'Action') as ChangeAction,
      ResourceRecordSet: parseRecordSetXml(recordNode),
    };
  });
  context.notes.changeBatch = { Changes: sdkChanges, ...(comment === undefined ? {} : { Comment: comment }) };
  if (sdkChanges.length === 0) throw errors.invalidInput('ChangeBatch must contain at least one Change');
  const requested: RequestedChange[] = sdkChanges.map((change) => ({
    action: change.Action,
    set: fromSdk(change.ResourceRecordSet),
  }));
  const { change } = context.state.applyBatch(zone, requested, {
    caller: context.caller,
    requestId: context.requestId,
    ...(comment === undefined ? {} : { comment }),
  });
  context.notes.changeInfo = change;
  context.notes.zone = zone;
  context.notes.touched = requested.map(({ set }) => set.name);
  return renderDocument('ChangeResourceRecordSetsResponse', [
    changeInfoXml({ ...change, status: 'PENDING' }),
  ]);
}

function changeInfoXml(change: ChangeInfoRecord & { status: string }): XmlElement {
  return el('ChangeInfo', [
    el('Id', change.id),
    el('Status', change.status),
    el('SubmittedAt', change.submittedAt.toISOString()),
    el('Comment', change.comment),
  ]);
}

function getChange(context: RequestContext): string {
  const change = context.state.changeStatus(context.params[0] ?? '');
  return renderDocument('GetChangeResponse', [changeInfoXml(change)]);
}

function testDnsAnswerOperation({ state, query }: RequestContext): string {
  const zoneId = query.get('hostedzoneid');
  const recordName = query.get('recordname');
  const recordType = query.get('recordtype');
  if (!zoneId || !recordName || !recordType) {
    throw errors.invalidInput('hostedzoneid, recordname and recordtype are required');
  }
  const zone = state.zone(zoneId);
  if (zone.privateZone) throw errors.invalidInput('TestDNSAnswer is not supported for private hosted zones');
  if (!isInZone(recordName, zone.name)) {
    throw errors.invalidInput(`${presentationName(recordName)} is not in hosted zone ${zone.name}`);
  }
  const result = testDnsAnswer(zone, recordName, recordType);
  return renderDocument('TestDNSAnswerResponse', [
    el('Nameserver', zone.nameServers[0]?.slice(0, -1)),
    el('RecordName', recordName),
    el('RecordType', recordType),
    el(
      'RecordData',
      result.recordData.map((value) => el('RecordDataEntry', value)),
    ),
    el('ResponseCode', result.responseCode),
    el('Protocol', 'UDP'),
  ]);
}

/** Accelerated Recovery on/off; Route 53 goes through ENABLING/DISABLING, the fake flips at once. */
function updateHostedZoneFeatures(context: RequestContext): string {
  const zone = zoneOf(context);
  const enable = textOf(parseXml(context.body), 'EnableAcceleratedRecovery');
  if (enable !== undefined) zone.acceleratedRecovery = enable === 'true' ? 'ENABLED' : 'DISABLED';
  return renderDocument('UpdateHostedZoneFeaturesResponse', []);
}
