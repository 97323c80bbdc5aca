import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoDnsServer, ZoneDataError } from '../../emulators/dns/dns-server.js';
import { WireDnsClient } from '../../lambda/sources/dns/wire-client.js';

const ZONE = 'example.test';

describe('Class: DemoDnsServer', () => {
  let clock = new Date('2026-11-24T10:00:00.000Z');
  const server = new DemoDnsServer({ zones: [ZONE], now: () => clock });
  // Generous: a busy machine must not turn an answer into a TIMEOUT (no test here is about timeouts).
  const client = new WireDnsClient({ timeoutMs: 10_000 });
  let address: string;

  beforeAll(async () => {
    address = await server.start();
  });
  afterAll(() => server.stop());

  it('binds an ephemeral loopback port on UDP and TCP', () => {
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(address.endsWith(':0')).toBe(false);
  });

  it('logs every change with before/after and reports when an RRset last went empty', () => {
    // Prepare
    const name = `log.${ZONE}`;
    const serialBefore = server.zone.serial(ZONE) ?? 0;

    // Act
    server.setRecords(name, 'A', ['192.0.2.2', '192.0.2.1'], 30);
    clock = new Date('2026-11-24T10:00:05.000Z');
    server.deleteRecords(name, 'A');
    clock = new Date('2026-11-24T10:00:09.000Z');
    server.setRecords(name, 'A', ['192.0.2.3'], 30);

    // Assess
    const entries = server.changeLog.filter((entry) => entry.name === name);
    expect(entries.map(({ before, after }) => ({ before, after }))).toEqual([
      { before: [], after: ['192.0.2.1', '192.0.2.2'] },
      { before: ['192.0.2.1', '192.0.2.2'], after: [] },
      { before: [], after: ['192.0.2.3'] },
    ]);
    expect(server.emptiedAt(name, 'A')?.at).toEqual(new Date('2026-11-24T10:00:05.000Z'));
    expect(typeof server.emptiedAt(name, 'A')?.hrtimeNs).toBe('bigint');
    expect(server.zone.serial(ZONE)).toBe(serialBefore + 3);
    expect(server.emptiedAt(`never.${ZONE}`, 'A')).toBeUndefined();
  });

  it('treats setRecords with no values as emptying the RRset', () => {
    server.setRecords(`empty.${ZONE}`, 'A', ['192.0.2.5']);
    server.setRecords(`empty.${ZONE}`, 'A', []);

    expect(server.getRecords(`empty.${ZONE}`, 'A')).toBeUndefined();
    expect(server.emptiedAt(`empty.${ZONE}`, 'A')?.before).toEqual(['192.0.2.5']);
  });

  it('rejects data a real zone would reject', () => {
    server.setRecords(`alias.${ZONE}`, 'CNAME', [`target.${ZONE}`]);

    expect(() => server.setRecords(`alias.${ZONE}`, 'A', ['192.0.2.1'])).toThrow(ZoneDataError);
    expect(() => server.setRecords('api.other.test', 'A', ['192.0.2.1'])).toThrow(/outside every zone/);
  });

  it('answers with the AA flag and the SOA serial in negative answers, bumped by each change', async () => {
    const serial = server.zone.serial(ZONE);

    const outcome = await client.query(address, `nothing-here.${ZONE}`, 'A');

    expect(outcome.kind).toBe('NXDOMAIN');
    expect(outcome.negativeTtl).toBe(30);
    expect(serial).toBeGreaterThan(1);
  });

  // How fast is `npm run bench`'s sweep (BENCH_DNS_SERVER=demo for this server); here: none is dropped.
  it('answers every one of 2,000 concurrent queries (1,000 names × 2 resolvers), a whole probe round', async () => {
    // Prepare
    const names = Array.from({ length: 1000 }, (_, index) => `bench-${index}.${ZONE}`);
    for (const [index, name] of names.entries())
      server.setRecords(name, 'A', [`10.1.${index >> 8}.${index & 255}`]);
    const second = new DemoDnsServer({ zones: [ZONE] });
    const secondAddress = await second.start();
    for (const name of names) second.setRecords(name, 'A', ['10.9.9.9']);

    // Act
    const outcomes = await Promise.all(
      names.flatMap((name) => [client.query(address, name, 'A'), client.query(secondAddress, name, 'A')]),
    );
    await second.stop();

    // Assess
    expect(outcomes.filter((outcome) => outcome.kind === 'ANSWER')).toHaveLength(2000);
  });
});
