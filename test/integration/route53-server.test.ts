import {
  CreateHostedZoneCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  paginateListHostedZones,
  type ResourceRecordSet,
  type Route53Client,
  TestDNSAnswerCommand,
  UpdateHostedZoneFeaturesCommand,
} from '@aws-sdk/client-route-53';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, listAll, route53Client } from '../../emulators/route53/sdk-helpers.js';

/** The SDK error's name (Route 53's code), message and HTTP status. */
async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (e) {
    const error = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

const names = (sets: ResourceRecordSet[]) =>
  sets.map((set) => `${set.Name} ${set.Type}${set.SetIdentifier ? ` ${set.SetIdentifier}` : ''}`);

describe('Class: FakeRoute53', () => {
  let route53: FakeRoute53;
  let client: Route53Client;
  let zoneId: string;

  beforeEach(async () => {
    route53 = new FakeRoute53({ throttling: false, dns: false });
    const { endpoint } = await route53.start();
    client = route53Client(endpoint);
    zoneId = await route53.createZone({ name: 'example.test' });
  });
  afterEach(() => route53.stop());

  describe('ListResourceRecordSets', () => {
    it('sorts by reversed labels with the trailing dot, then type, then set identifier', async () => {
      // Prepare: the documented subtlety — `-` (45) sorts before `.` (46), so www-1 precedes www.
      route53.seed(zoneId, [
        a('a.www.example.test', ['192.0.2.4']),
        a('www.example.test', ['192.0.2.2']),
        { Name: 'www.example.test', Type: 'AAAA', TTL: 60, ResourceRecords: [{ Value: '2001:db8::1' }] },
        a('www-1.example.test', ['192.0.2.3']),
        a('*.example.test', ['192.0.2.9']),
        a('b.example.test', ['192.0.2.5']),
        { ...a('w.example.test', ['192.0.2.7']), SetIdentifier: 'west', Weight: 1 },
        { ...a('w.example.test', ['192.0.2.6']), SetIdentifier: 'east', Weight: 1 },
      ]);

      // Act
      const { sets } = await listAll(client, zoneId);

      // Assess
      expect(names(sets)).toEqual([
        'example.test. NS',
        'example.test. SOA',
        '\\052.example.test. A',
        'b.example.test. A',
        'w.example.test. A east',
        'w.example.test. A west',
        'www-1.example.test. A',
        'www.example.test. A',
        'www.example.test. AAAA',
        'a.www.example.test. A',
      ]);
    });

    it('pages 1,200 record sets by 300 in order, naming the next set including its identifier', async () => {
      // Prepare: 1,000 simple sets and 100 names with two weighted members each.
      const simple = Array.from({ length: 1000 }, (_, i) =>
        a(`host-${i}.svc.example.test`, [`10.0.${i >> 8}.${i & 255}`]),
      );
      const weighted = Array.from({ length: 100 }, (_, i) =>
        ['blue', 'green'].map((id, w) => ({
          ...a(`api-${i}.example.test`, [`10.1.${i}.${w}`]),
          SetIdentifier: id,
          Weight: w,
        })),
      ).flat();
      route53.seed(zoneId, [...weighted, ...simple]);

      // Act
      const full = await listAll(client, zoneId);
      const small = await listAll(client, zoneId, 7);

      // Assess
      expect(full.sets).toHaveLength(1202);
      expect(full.pages).toEqual([300, 300, 300, 300, 2]);
      const reversed = (name = '') => `${name.replace(/\.$/, '').split('.').reverse().join('.')}.`;
      const key = (set: ResourceRecordSet) =>
        `${reversed(set.Name)}\u0000${set.Type}\u0000${set.SetIdentifier ?? ''}`;
      const keys = full.sets.map(key);
      expect(keys).toEqual([...keys].sort());
      expect(new Set(keys).size).toBe(1202);
      expect(names(small.sets)).toEqual(names(full.sets));
      // With pages of 7, some page boundary splits a weighted pair: the identifier is in NextRecordIdentifier.
      const page = await client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          StartRecordName: 'api-0.example.test',
          StartRecordType: 'A',
          MaxItems: 1,
        }),
      );
      expect(page.ResourceRecordSets?.[0]).toMatchObject({
        Name: 'api-0.example.test.',
        SetIdentifier: 'blue',
        Weight: 0,
      });
      expect(page).toMatchObject({
        IsTruncated: true,
        NextRecordName: 'api-0.example.test.',
        NextRecordType: 'A',
        NextRecordIdentifier: 'green',
      });
    });

    it('caps pages at 300 even when more are asked for, and refuses a type without a name', async () => {
      route53.seed(
        zoneId,
        Array.from({ length: 400 }, (_, i) => a(`n${i}.example.test`, ['192.0.2.1'])),
      );
      const page = await client.send(
        new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 1000 }),
      );
      expect(page.ResourceRecordSets).toHaveLength(300);
      expect(page.IsTruncated).toBe(true);
      expect(
        await failure(
          client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordType: 'A' })),
        ),
      ).toMatchObject({
        name: 'InvalidInput',
        status: 400,
      });
    });

    it('returns alias and routing-policy fields as Route 53 does', async () => {
      await change(client, zoneId, [
        { Action: 'CREATE', ResourceRecordSet: a('origin.example.test', ['192.0.2.10']) },
        {
          Action: 'CREATE',
          ResourceRecordSet: {
            Name: 'www.example.test',
            Type: 'A',
            AliasTarget: {
              HostedZoneId: zoneId,
              DNSName: 'Origin.Example.Test',
              EvaluateTargetHealth: false,
            },
          },
        },
        {
          Action: 'CREATE',
          ResourceRecordSet: {
            ...a('fo.example.test', ['192.0.2.20']),
            SetIdentifier: 'p',
            Failover: 'PRIMARY',
          },
        },
      ]);
      const { sets } = await listAll(client, zoneId);
      expect(sets.find((set) => set.Name === 'www.example.test.')).toEqual({
        Name: 'www.example.test.',
        Type: 'A',
        AliasTarget: { HostedZoneId: zoneId, DNSName: 'origin.example.test.', EvaluateTargetHealth: false },
      });
      expect(sets.find((set) => set.Name === 'fo.example.test.')).toMatchObject({
        SetIdentifier: 'p',
        Failover: 'PRIMARY',
        TTL: 60,
      });
    });
  });

  describe('ChangeResourceRecordSets', () => {
    it('refuses a DELETE that does not match the current record exactly, and one of a missing record', async () => {
      // Prepare
      await change(client, zoneId, [
        { Action: 'CREATE', ResourceRecordSet: a('api.example.test', ['192.0.2.1', '192.0.2.2'], 60) },
      ]);

      // Act
      const wrongTtl = await failure(
        change(client, zoneId, [
          { Action: 'DELETE', ResourceRecordSet: a('api.example.test', ['192.0.2.1', '192.0.2.2'], 300) },
        ]),
      );
      const missing = await failure(
        change(client, zoneId, [
          { Action: 'DELETE', ResourceRecordSet: a('gone.example.test', ['192.0.2.1']) },
        ]),
      );
      const twice = await failure(
        change(client, zoneId, [
          { Action: 'CREATE', ResourceRecordSet: a('api.example.test', ['192.0.2.3']) },
        ]),
      );

      // Assess
      expect(wrongTtl).toEqual({
        name: 'InvalidChangeBatch',
        status: 400,
        message:
          "[Tried to delete resource record set [name='api.example.test.', type='A'] but the values provided do not match the current values]",
      });
      expect(missing.message).toBe(
        "[Tried to delete resource record set [name='gone.example.test.', type='A'] but it was not found]",
      );
      expect(twice.message).toBe(
        "[Tried to create resource record set [name='api.example.test.', type='A'] but it already exists]",
      );
      // Values match as a set: order does not matter for the exact-match rule.
      await change(client, zoneId, [
        { Action: 'DELETE', ResourceRecordSet: a('api.example.test', ['192.0.2.2', '192.0.2.1'], 60) },
      ]);
      expect(route53.recordSets(zoneId).map((set) => set.Name)).not.toContain('api.example.test.');
    });

    it('applies a batch atomically: one failing change leaves every other change unapplied', async () => {
      // Prepare
      await change(client, zoneId, [
        { Action: 'CREATE', ResourceRecordSet: a('keep.example.test', ['192.0.2.1']) },
      ]);
      const before = route53.recordSets(zoneId);

      // Act
      const refused = await failure(
        change(client, zoneId, [
          { Action: 'CREATE', ResourceRecordSet: a('new.example.test', ['192.0.2.5']) },
          { Action: 'UPSERT', ResourceRecordSet: a('keep.example.test', ['192.0.2.99']) },
          { Action: 'DELETE', ResourceRecordSet: a('keep.example.test', ['192.0.2.1']) },
        ]),
      );

      // Assess: the DELETE saw the UPSERT's values, so it failed — and took the whole batch with it.
      expect(refused.message).toContain(
        "Tried to delete resource record set [name='keep.example.test.', type='A'] but the values provided do not match",
      );
      expect(route53.recordSets(zoneId)).toEqual(before);
    });

    it('treats DELETE(current) + CREATE(new) as a compare-and-swap', async () => {
      await change(client, zoneId, [
        { Action: 'CREATE', ResourceRecordSet: a('cas.example.test', ['192.0.2.1']) },
      ]);
      const swap = (from: string, to: string) =>
        change(client, zoneId, [
          { Action: 'DELETE', ResourceRecordSet: a('cas.example.test', [from]) },
          { Action: 'CREATE', ResourceRecordSet: a('cas.example.test', [to]) },
        ]);
      await swap('192.0.2.1', '192.0.2.2');
      const stale = await failure(swap('192.0.2.1', '192.0.2.3'));
      expect(stale.name).toBe('InvalidChangeBatch');
      expect(
        route53.recordSets(zoneId).find((set) => set.Name === 'cas.example.test.')?.ResourceRecords,
      ).toEqual([{ Value: '192.0.2.2' }]);
    });

    it('refuses a CNAME beside other data and mixed routing policies with Route 53 messages', async () => {
      await change(client, zoneId, [
        { Action: 'CREATE', ResourceRecordSet: a('www.example.test', ['192.0.2.1']) },
        {
          Action: 'CREATE',
          ResourceRecordSet: {
            Name: 'alias.example.test',
            Type: 'CNAME',
            TTL: 60,
            ResourceRecords: [{ Value: 'www.example.test' }],
          },
        },
      ]);
      const cname = await failure(
        change(client, zoneId, [
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: 'www.example.test',
              Type: 'CNAME',
              TTL: 60,
              ResourceRecords: [{ Value: 'x.example.test' }],
            },
          },
        ]),
      );
      const beside = await failure(
        change(client, zoneId, [
          { Action: 'CREATE', ResourceRecordSet: a('alias.example.test', ['192.0.2.1']) },
        ]),
      );
      const mixed = await failure(
        change(client, zoneId, [
          {
            Action: 'CREATE',
            ResourceRecordSet: { ...a('www.example.test', ['192.0.2.2']), SetIdentifier: 'blue', Weight: 10 },
          },
        ]),
      );
      expect(cname.message).toBe(
        '[RRSet of type CNAME with DNS name www.example.test. is not permitted as it conflicts with other records with the same DNS name in zone example.test.]',
      );
      expect(beside.message).toBe(
        '[RRSet of type A with DNS name alias.example.test. is not permitted because a conflicting RRSet of type  CNAME with the same DNS name already exists in zone example.test.]',
      );
      expect(mixed.message).toBe(
        '[RRSet with DNS name www.example.test., type A, SetIdentifier blue cannot be created as a non-weighted set exists with the same name and type.]',
      );
    });

    it('enforces the zone record-set quota for the whole batch', async () => {
      const small = await route53.createZone({ name: 'small.test', recordQuota: 4 });
      await change(client, small, [
        { Action: 'CREATE', ResourceRecordSet: a('one.small.test', ['192.0.2.1']) },
      ]);
      const over = await failure(
        change(client, small, [
          { Action: 'CREATE', ResourceRecordSet: a('two.small.test', ['192.0.2.2']) },
          { Action: 'CREATE', ResourceRecordSet: a('three.small.test', ['192.0.2.3']) },
        ]),
      );
      expect(over).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
      expect(over.message).toContain('limit of 4');
      expect(route53.zoneInfo(small).recordSetCount).toBe(3);
    });

    it('reports PENDING, then INSYNC once the propagation delay has passed, and NoSuchChange otherwise', async () => {
      // Prepare: the API's own clock, moved by the test, so "not yet" and "passed" are exact.
      let now = Date.parse('2026-11-24T10:00:00.000Z');
      const timed = new FakeRoute53({ throttling: false, dns: false, clock: () => new Date(now) });
      const { endpoint } = await timed.start();
      try {
        const timedClient = route53Client(endpoint);
        const zone = await timed.createZone({ name: 'example.test' });
        timed.setChangePropagationMs(300);
        const status = async (id: string | undefined) =>
          (await timedClient.send(new GetChangeCommand({ Id: id }))).ChangeInfo;

        // Act + Assess
        const { ChangeInfo } = await change(
          timedClient,
          zone,
          [{ Action: 'UPSERT', ResourceRecordSet: a('p.example.test', ['192.0.2.1']) }],
          'plan 7',
        );
        expect(ChangeInfo).toMatchObject({ Status: 'PENDING', Comment: 'plan 7' });
        expect(ChangeInfo?.SubmittedAt).toEqual(new Date(now));
        expect(ChangeInfo?.Id).toMatch(/^\/change\/C[A-Z0-9]{20}$/);
        now += 299;
        expect((await status(ChangeInfo?.Id))?.Status).toBe('PENDING');
        now += 1;
        expect(await status(ChangeInfo?.Id)).toMatchObject({
          Status: 'INSYNC',
          SubmittedAt: ChangeInfo?.SubmittedAt,
        });
        expect(await failure(status('C0000000000000000000'))).toMatchObject({
          name: 'NoSuchChange',
          status: 404,
        });
      } finally {
        await timed.stop();
      }
    });
  });

  describe('TestDNSAnswer', () => {
    it('answers from zone data: records, NODATA for an empty non-terminal, NXDOMAIN, weights of 0', async () => {
      await change(client, zoneId, [
        { Action: 'CREATE', ResourceRecordSet: a('deep.api.example.test', ['192.0.2.1']) },
        {
          Action: 'CREATE',
          ResourceRecordSet: { ...a('w.example.test', ['192.0.2.7']), SetIdentifier: 'a', Weight: 0 },
        },
        {
          Action: 'CREATE',
          ResourceRecordSet: { ...a('w.example.test', ['192.0.2.8']), SetIdentifier: 'b', Weight: 5 },
        },
        {
          Action: 'CREATE',
          ResourceRecordSet: { ...a('z.example.test', ['192.0.2.5']), SetIdentifier: 'a', Weight: 0 },
        },
        {
          Action: 'CREATE',
          ResourceRecordSet: { ...a('z.example.test', ['192.0.2.6']), SetIdentifier: 'b', Weight: 0 },
        },
      ]);
      const ask = (RecordName: string, RecordType: 'A' | 'AAAA' = 'A') =>
        client.send(new TestDNSAnswerCommand({ HostedZoneId: zoneId, RecordName, RecordType }));
      expect(await ask('deep.api.example.test')).toMatchObject({
        ResponseCode: 'NOERROR',
        RecordData: ['192.0.2.1'],
        Protocol: 'UDP',
      });
      expect(await ask('api.example.test')).toMatchObject({ ResponseCode: 'NOERROR', RecordData: [] });
      expect(await ask('deep.api.example.test', 'AAAA')).toMatchObject({
        ResponseCode: 'NOERROR',
        RecordData: [],
      });
      expect(await ask('nothing.example.test')).toMatchObject({ ResponseCode: 'NXDOMAIN', RecordData: [] });
      expect((await ask('w.example.test')).RecordData).toEqual(['192.0.2.8']);
      expect([...((await ask('z.example.test')).RecordData ?? [])].sort()).toEqual([
        '192.0.2.5',
        '192.0.2.6',
      ]);
    });
  });

  describe('hosted zones', () => {
    it('lists zones with Marker/MaxItems and shows Accelerated Recovery in GetHostedZone', async () => {
      const second = await route53.createZone({
        name: 'second.test',
        acceleratedRecovery: 'ENABLED',
        tier: 'ADVANCED',
      });
      await route53.createZone({ name: 'third.test', privateZone: true });
      const seen: string[] = [];
      for await (const page of paginateListHostedZones({ client, pageSize: 2 }, {})) {
        expect(page.HostedZones?.length).toBeLessThanOrEqual(2);
        seen.push(...(page.HostedZones ?? []).map((zone) => zone.Name ?? ''));
      }
      expect(seen).toEqual(['example.test.', 'second.test.', 'third.test.']);
      const got = await client.send(new GetHostedZoneCommand({ Id: `/hostedzone/${second}` }));
      expect(got.HostedZone).toMatchObject({
        Id: `/hostedzone/${second}`,
        Name: 'second.test.',
        ResourceRecordSetCount: 2,
      });
      expect(got.HostedZone?.Features?.AcceleratedRecoveryStatus).toBe('ENABLED');
      expect(got.DelegationSet?.NameServers).toHaveLength(4);
      await client.send(
        new UpdateHostedZoneFeaturesCommand({ HostedZoneId: zoneId, EnableAcceleratedRecovery: true }),
      );
      expect(route53.zoneInfo(zoneId).acceleratedRecovery).toBe('ENABLED');
      expect(route53.zoneInfo(second).tier).toBe('ADVANCED');
    });

    it('answers NoSuchHostedZone (404) and a clear NotImplemented for operations it does not serve', async () => {
      expect(await failure(client.send(new GetHostedZoneCommand({ Id: 'ZNOPE' })))).toEqual({
        name: 'NoSuchHostedZone',
        status: 404,
        message: 'No hosted zone found with ID: ZNOPE',
      });
      const unknown = await failure(
        client.send(new CreateHostedZoneCommand({ Name: 'x.test', CallerReference: 'r1' })),
      );
      expect(unknown).toMatchObject({ name: 'NotImplemented', status: 501 });
      expect(unknown.message).toContain('POST /2013-04-01/hostedzone');
      const raw = await fetch(`${route53.endpoint}/2013-04-01/hostedzone/${zoneId}/rrset`, {
        method: 'POST',
        body: '<not xml',
      });
      expect(raw.status).toBe(400);
      expect(await raw.text()).toContain('<Code>MalformedInput</Code>');
    });
  });
});
