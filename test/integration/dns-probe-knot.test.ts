import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KnotServer, realDnsAvailable, startKnot } from '../../emulators/dns/knot.js';
import { targetId } from '../../lambda/domain/targets.js';
import { DnsProbe } from '../../lambda/sources/dns/dns-probe.js';
import { WireDnsClient } from '../../lambda/sources/dns/wire-client.js';

const ZONE = 'knot.test';

describe.skipIf(!realDnsAvailable())('Class: DnsProbe against a real knotd', () => {
  let knot: KnotServer;
  const client = new WireDnsClient({ timeoutMs: 1000 });

  beforeAll(async () => {
    knot = await startKnot({
      zone: ZONE,
      negativeTtl: 17,
      soaTtl: 600,
      records: [
        { name: `api.${ZONE}`, type: 'A', ttl: 42, values: ['192.0.2.1', '192.0.2.2'] },
        { name: `api.${ZONE}`, type: 'TXT', ttl: 99, values: ['owner=team-a'] },
        { name: `www.${ZONE}`, type: 'CNAME', ttl: 33, values: [`api.${ZONE}`] },
        { name: `gone.${ZONE}`, type: 'A', ttl: 10, values: ['192.0.2.50'] },
      ],
    });
  });
  afterAll(() => knot?.stop());

  it('returns the zone-file values with their TTL, and follows a CNAME', async () => {
    expect(await client.query(knot.address, `api.${ZONE}`, 'A')).toMatchObject({
      kind: 'ANSWER',
      rcode: 'NOERROR',
      values: ['192.0.2.1', '192.0.2.2'],
      ttl: 42,
    });
    expect(await client.query(knot.address, `www.${ZONE}`, 'A')).toMatchObject({ kind: 'ANSWER', ttl: 42 });
    expect(await client.query(knot.address, `www.${ZONE}`, 'CNAME')).toMatchObject({
      values: [`api.${ZONE}`],
      ttl: 33,
    });
  });

  it('sees an RRset removed by dynamic update as NODATA with the SOA negative TTL', async () => {
    await knot.update([{ op: 'delete-rrset', name: `api.${ZONE}`, type: 'A' }]);

    const outcome = await client.query(knot.address, `api.${ZONE}`, 'A');

    // min(SOA TTL 600, MINIMUM 17), RFC 2308.
    expect(outcome).toMatchObject({ kind: 'NODATA', rcode: 'NOERROR', values: [], negativeTtl: 17 });
    expect((await client.query(knot.address, `api.${ZONE}`, 'TXT')).kind).toBe('ANSWER');
  });

  it('sees a name removed by dynamic update as NXDOMAIN', async () => {
    await knot.update([{ op: 'delete-name', name: `gone.${ZONE}` }]);

    expect(await client.query(knot.address, `gone.${ZONE}`, 'A')).toMatchObject({
      kind: 'NXDOMAIN',
      rcode: 'NXDOMAIN',
      negativeTtl: 17,
    });
  });

  it('sees records added back with the TTL given in the update', async () => {
    await knot.update([{ op: 'add', name: `api.${ZONE}`, type: 'A', ttl: 7, values: ['198.51.100.9'] }]);

    const observation = await new DnsProbe({ timeoutMs: 1000 }).probe({
      id: targetId(`api.${ZONE}`, 'A'),
      name: `api.${ZONE}`,
      type: 'A',
      mode: 'exact',
      resolvers: [knot.address],
    });

    expect(observation.outcomes).toEqual([
      expect.objectContaining({ resolver: knot.address, kind: 'ANSWER', values: ['198.51.100.9'], ttl: 7 }),
    ]);
  });

  it('returns REFUSED for a zone knot does not serve', async () => {
    expect((await client.query(knot.address, 'api.elsewhere.test', 'A')).kind).toBe('REFUSED');
  });
});
