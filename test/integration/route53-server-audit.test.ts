import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { javaMediumDate } from '../../emulators/route53/cloudtrail.js';
import {
  type AppliedBatch,
  type CloudTrailEventBridgeEvent,
  FakeRoute53,
} from '../../emulators/route53/index.js';
import { a, change, route53Client, signedGet } from '../../emulators/route53/sdk-helpers.js';
import { child, childrenNamed, parseXml, textOf } from '../../emulators/route53/xml.js';

const ENACTOR_KEY = 'ASIAENACTOR2EXAMPLE';
const ENACTOR_ARN = 'arn:aws:sts::111122223333:assumed-role/dns-enactor/enactor-2';

/** Every JSON path (arrays collapsed to `[]`), to compare event shapes without their values. */
function paths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => paths(item, `${prefix}[]`));
  if (value === null || typeof value !== 'object' || Object.keys(value).length === 0) return [prefix];
  return Object.entries(value).flatMap(([key, member]) => paths(member, prefix ? `${prefix}.${key}` : key));
}

describe('Class: FakeRoute53 — callers, CloudTrail, Change History and DNS', () => {
  let route53: FakeRoute53;
  let endpoint: string;
  let enactor: Route53Client;
  let zoneId: string;
  const events: CloudTrailEventBridgeEvent[] = [];
  const batches: AppliedBatch[] = [];

  beforeEach(async () => {
    route53 = new FakeRoute53({ throttling: false });
    ({ endpoint } = await route53.start());
    zoneId = await route53.createZone({ name: 'example.test', tier: 'ADVANCED' });
    route53.registerPrincipal(ENACTOR_KEY, ENACTOR_ARN);
    enactor = route53Client(endpoint, ENACTOR_KEY);
    events.length = 0;
    batches.length = 0;
    route53.onCloudTrailEvent((event) => events.push(event));
    route53.onChange((batch) => batches.push(batch));
  });
  afterEach(() => route53.stop());

  it("attributes a change to the signing key's role session, in CloudTrail's shape and to onChange", async () => {
    // Act
    const response = await change(
      enactor,
      zoneId,
      [{ Action: 'UPSERT', ResourceRecordSet: a('api.example.test.', ['192.0.2.30'], 60) }],
      'plan 1038',
    );

    // Assess
    expect(events).toHaveLength(1);
    const event = events[0] as CloudTrailEventBridgeEvent;
    expect(event).toMatchObject({
      source: 'aws.route53',
      'detail-type': 'AWS API Call via CloudTrail',
      region: 'us-east-1',
      account: '111122223333',
    });
    expect(event.detail).toMatchObject({
      eventName: 'ChangeResourceRecordSets',
      eventSource: 'route53.amazonaws.com',
      requestID: response.$metadata.requestId,
      sourceIPAddress: '127.0.0.1',
      userIdentity: {
        type: 'AssumedRole',
        arn: ENACTOR_ARN,
        accessKeyId: ENACTOR_KEY,
        principalId: expect.stringMatching(/^AROA[A-Z2-7]{17}:enactor-2$/),
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            arn: 'arn:aws:iam::111122223333:role/dns-enactor',
            userName: 'dns-enactor',
          },
        },
      },
      requestParameters: {
        hostedZoneId: zoneId,
        changeBatch: {
          comment: 'plan 1038',
          changes: [
            {
              action: 'UPSERT',
              resourceRecordSet: {
                name: 'api.example.test.',
                type: 'A',
                tTL: 60,
                resourceRecords: [{ value: '192.0.2.30' }],
              },
            },
          ],
        },
      },
      responseElements: {
        changeInfo: { id: response.ChangeInfo?.Id, status: 'PENDING', comment: 'plan 1038' },
      },
    });
    expect(event.detail.userAgent).toMatch(/^aws-sdk-js\//);
    const changeInfo = event.detail.responseElements?.changeInfo as { submittedAt: string } | undefined;
    const submittedAt = changeInfo?.submittedAt ?? '';
    expect(submittedAt).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/);
    expect(new Date(`${submittedAt} UTC`).getTime()).toBe(
      Math.floor((response.ChangeInfo?.SubmittedAt?.getTime() ?? 0) / 1000) * 1000,
    );
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      changeId: response.ChangeInfo?.Id,
      caller: { arn: ENACTOR_ARN, sessionName: 'enactor-2' },
    });
  });

  it("writes submittedAt in Java's medium format, documented and newer-JDK styles", () => {
    expect(javaMediumDate(new Date('2015-01-16T00:41:43Z'))).toBe('Jan 16, 2015 12:41:43 AM');
    expect(javaMediumDate(new Date('2025-10-20T18:05:09Z'), 'cldr')).toBe('Oct 20, 2025, 6:05:09 PM');
  });

  it('records a refused call with errorCode, errorMessage and null responseElements', async () => {
    await expect(
      change(enactor, zoneId, [
        { Action: 'DELETE', ResourceRecordSet: a('gone.example.test', ['192.0.2.1']) },
      ]),
    ).rejects.toThrow();
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toMatchObject({
      errorCode: 'InvalidChangeBatch',
      errorMessage:
        "[Tried to delete resource record set [name='gone.example.test.', type='A'] but it was not found]",
      responseElements: null,
    });
    expect(batches).toEqual([]);
  });

  it('emits the same fields as the hand-written CloudTrail fixtures in test/events/cloudtrail', async () => {
    await change(
      enactor,
      zoneId,
      [{ Action: 'UPSERT', ResourceRecordSet: a('api.example.test', ['192.0.2.30']) }],
      'c',
    );
    await change(
      enactor,
      zoneId,
      [{ Action: 'DELETE', ResourceRecordSet: a('gone.example.test', ['192.0.2.1']) }],
      'c',
    ).catch(() => undefined);
    const fixture = (file: string) =>
      JSON.parse(readFileSync(`test/events/cloudtrail/${file}`, 'utf8')) as unknown;
    const [upsert, failed] = events;
    expect(new Set(paths(upsert))).toEqual(
      new Set([
        ...paths(fixture('upsert-assumed-role.eventbridge.json')),
        'detail.userIdentity.sessionContext.webIdFederationData',
      ]),
    );
    expect(new Set(paths(failed))).toEqual(
      new Set([
        ...paths(fixture('failed-invalid-change-batch.eventbridge.json')),
        'detail.userIdentity.sessionContext.webIdFederationData',
      ]),
    );
  });

  it('lists Change History batches after a cursor, with SubmittedBy and RequestId, and their changes', async () => {
    // Prepare: three batches by the enactor.
    const ids: string[] = [];
    const requestIds: string[] = [];
    for (const [i, ip] of ['192.0.2.1', '192.0.2.2', '192.0.2.3'].entries()) {
      const response = await change(
        enactor,
        zoneId,
        [{ Action: 'UPSERT', ResourceRecordSet: a('api.example.test', [ip]) }],
        `plan ${i}`,
      );
      ids.push(response.ChangeInfo?.Id ?? '');
      requestIds.push(response.$metadata.requestId ?? '');
    }
    const history = (path: string, query: Record<string, string> = {}) =>
      signedGet(endpoint, `/2013-04-01/hostedzone/${zoneId}${path}`, query, ENACTOR_KEY);

    // Act
    const all = await history('/changebatches');
    const after = await history('/changebatches', { startafterchangeid: ids[0] ?? '', maxresults: '1' });
    const one = await history(`/changebatches/${(ids[2] ?? '').replace('/change/', '')}`);
    const byRecord = await history('/rrsetchanges', { recordname: 'api.example.test', recordtype: 'A' });

    // Assess
    const summaries = childrenNamed(child(parseXml(all.body), 'ChangeBatchSummaries'), 'ChangeBatchSummary');
    expect(summaries.map((summary) => textOf(summary, 'Operation'))).toEqual([
      'CreateHostedZone',
      'ChangeResourceRecordSets',
      'ChangeResourceRecordSets',
      'ChangeResourceRecordSets',
    ]);
    expect(textOf(summaries[1], 'SubmittedBy')).toBe(ENACTOR_ARN);
    expect(textOf(summaries[1], 'RequestId')).toBe(requestIds[0]);
    expect(textOf(summaries[1], 'ChangeCount')).toBe('1');
    const page = parseXml(after.body);
    expect(
      childrenNamed(child(page, 'ChangeBatchSummaries'), 'ChangeBatchSummary').map((s) =>
        textOf(s, 'ChangeId'),
      ),
    ).toEqual([ids[1]]);
    expect(textOf(page, 'NextToken')).toBeTruthy();
    const batch = child(parseXml(one.body), 'ChangeBatch');
    expect(textOf(batch, 'Comment')).toBe('plan 2');
    const written = child(child(child(batch, 'Changes'), 'Change'), 'ResourceRecordSet');
    expect(textOf(child(child(written, 'ResourceRecords'), 'ResourceRecord'), 'Value')).toBe('192.0.2.3');
    const changes = childrenNamed(
      child(parseXml(byRecord.body), 'ResourceRecordSetChanges'),
      'ResourceRecordSetChange',
    );
    expect(changes.map((entry) => textOf(entry, 'Action'))).toEqual(['UPSERT', 'UPSERT', 'UPSERT']);
  });

  it('answers FeatureNotEnabled (HTTP 400) for Change History on a STANDARD zone', async () => {
    const standard = await route53.createZone({ name: 'standard.test' });
    const response = await signedGet(endpoint, `/2013-04-01/hostedzone/${standard}/changebatches`);
    expect(response.status).toBe(400);
    expect(response.body).toContain('<Code>FeatureNotEnabled</Code>');
  });

  it('serves the zone over real DNS, following changes, routing policies and in-zone aliases', async () => {
    // Prepare
    const resolver = new Resolver();
    resolver.setServers([route53.dnsAddress ?? '']);
    const resolve = (name: string) =>
      resolver.resolve4(name).then(
        (ips) => ips.sort(),
        (e: NodeJS.ErrnoException) => e.code,
      );

    // Act / Assess: simple record, then an UPSERT.
    await change(enactor, zoneId, [
      { Action: 'CREATE', ResourceRecordSet: a('api.example.test', ['192.0.2.1', '192.0.2.2']) },
    ]);
    expect(await resolve('api.example.test')).toEqual(['192.0.2.1', '192.0.2.2']);
    await change(enactor, zoneId, [
      { Action: 'UPSERT', ResourceRecordSet: a('api.example.test', ['192.0.2.9']) },
    ]);
    expect(await resolve('api.example.test')).toEqual(['192.0.2.9']);

    // Alias to it follows the target.
    await change(enactor, zoneId, [
      {
        Action: 'CREATE',
        ResourceRecordSet: {
          Name: 'www.example.test',
          Type: 'A',
          AliasTarget: { HostedZoneId: zoneId, DNSName: 'api.example.test', EvaluateTargetHealth: false },
        },
      },
    ]);
    expect(await resolve('www.example.test')).toEqual(['192.0.2.9']);
    await change(enactor, zoneId, [
      { Action: 'UPSERT', ResourceRecordSet: a('api.example.test', ['192.0.2.10']) },
    ]);
    expect(await resolve('www.example.test')).toEqual(['192.0.2.10']);

    // Weighted: weight-0 members drop out unless every weight is 0; failover answers PRIMARY.
    await change(enactor, zoneId, [
      {
        Action: 'CREATE',
        ResourceRecordSet: { ...a('w.example.test', ['192.0.2.21']), SetIdentifier: 'blue', Weight: 0 },
      },
      {
        Action: 'CREATE',
        ResourceRecordSet: { ...a('w.example.test', ['192.0.2.22']), SetIdentifier: 'green', Weight: 100 },
      },
      {
        Action: 'CREATE',
        ResourceRecordSet: {
          ...a('f.example.test', ['192.0.2.31']),
          SetIdentifier: 'p',
          Failover: 'PRIMARY',
        },
      },
      {
        Action: 'CREATE',
        ResourceRecordSet: {
          ...a('f.example.test', ['192.0.2.32']),
          SetIdentifier: 's',
          Failover: 'SECONDARY',
        },
      },
    ]);
    expect(await resolve('w.example.test')).toEqual(['192.0.2.22']);
    expect(await resolve('f.example.test')).toEqual(['192.0.2.31']);
    await change(enactor, zoneId, [
      {
        Action: 'DELETE',
        ResourceRecordSet: { ...a('w.example.test', ['192.0.2.22']), SetIdentifier: 'green', Weight: 100 },
      },
      {
        Action: 'CREATE',
        ResourceRecordSet: { ...a('w.example.test', ['192.0.2.22']), SetIdentifier: 'green', Weight: 0 },
      },
    ]);
    expect(await resolve('w.example.test')).toEqual(['192.0.2.21', '192.0.2.22']);

    // The October 2025 failure: the record set is deleted and the name goes empty.
    await change(enactor, zoneId, [
      { Action: 'DELETE', ResourceRecordSet: a('api.example.test', ['192.0.2.10']) },
    ]);
    expect(await resolve('api.example.test')).toBe('ENOTFOUND');
    expect(await resolve('www.example.test')).toBe('ENOTFOUND');
    expect(route53.dns?.emptiedAt('api.example.test', 'A')?.before).toEqual(['192.0.2.10']);

    // A zone created after start is served on the same address.
    const address = route53.dnsAddress;
    const later = await route53.createZone({ name: 'later.test' });
    await change(enactor, later, [
      { Action: 'CREATE', ResourceRecordSet: a('x.later.test', ['192.0.2.50']) },
    ]);
    expect(route53.dnsAddress).toBe(address);
    expect(await resolve('x.later.test')).toEqual(['192.0.2.50']);
    expect(await resolve('w.example.test')).toEqual(['192.0.2.21', '192.0.2.22']);
  });
});
