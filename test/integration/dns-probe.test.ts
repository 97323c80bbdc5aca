import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { decode, encode, TRUNCATED_RESPONSE } from 'dns-packet';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { observationId } from '../../lambda/domain/observation.js';
import { targetId } from '../../lambda/domain/targets.js';
import { DnsProbe } from '../../lambda/sources/dns/dns-probe.js';
import { WireDnsClient } from '../../lambda/sources/dns/wire-client.js';

const ZONE = 'example.test';
/** For the `drop` fault, whose outcome is the timeout itself. */
const FAULT_TIMEOUT_MS = 250;
/**
 * For everything that does answer: generous, so a busy machine cannot turn an answer into a TIMEOUT.
 * Tests that a call did not wait out its timeout compare with half of it, never with a speed.
 */
const ANSWER_TIMEOUT_MS = 10_000;

describe('Class: DnsProbe against the demo authoritative server', () => {
  const server = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 45, soaTtl: 300 }] });
  let address: string;
  const client = new WireDnsClient({ timeoutMs: ANSWER_TIMEOUT_MS });

  beforeAll(async () => {
    address = await server.start();
    server.setRecords(`api.${ZONE}`, 'A', ['192.0.2.2', '192.0.2.1'], 60);
    server.setRecords(`api.${ZONE}`, 'TXT', ['owner=team-a'], 120);
    server.setRecords(`www.${ZONE}`, 'CNAME', [`api.${ZONE}`], 30);
    server.setRecords(`deep.name.${ZONE}`, 'A', ['192.0.2.77'], 60);
    // 60 addresses need ~1 KB: too big for a 512-byte UDP answer.
    const many = Array.from({ length: 60 }, (_, index) => `198.51.100.${index + 1}`);
    server.setRecords(`big.${ZONE}`, 'A', many, 20);
  });
  afterEach(() => server.clearFaults());
  afterAll(() => server.stop());

  it('returns ANSWER with sorted values and the record TTL', async () => {
    const outcome = await client.query(address, `api.${ZONE}`, 'A');

    expect(outcome).toMatchObject({
      kind: 'ANSWER',
      rcode: 'NOERROR',
      values: ['192.0.2.1', '192.0.2.2'],
      ttl: 60,
    });
    expect(outcome.latencyMs).toBeGreaterThan(0);
  });

  it('follows the CNAME the server puts in the answer section', async () => {
    expect(await client.query(address, `WWW.${ZONE}.`, 'A')).toMatchObject({
      kind: 'ANSWER',
      values: ['192.0.2.1', '192.0.2.2'],
    });
    expect(await client.query(address, `www.${ZONE}`, 'CNAME')).toMatchObject({
      kind: 'ANSWER',
      values: [`api.${ZONE}`],
    });
  });

  it('tells NODATA (name exists, type empty) from NXDOMAIN (no such name), both with the negative TTL', async () => {
    const nodata = await client.query(address, `api.${ZONE}`, 'AAAA');
    const emptyNonTerminal = await client.query(address, `name.${ZONE}`, 'A');
    const nxdomain = await client.query(address, `missing.${ZONE}`, 'A');

    expect(nodata).toMatchObject({ kind: 'NODATA', rcode: 'NOERROR', values: [], negativeTtl: 45 });
    expect(emptyNonTerminal).toMatchObject({ kind: 'NODATA', negativeTtl: 45 });
    expect(nxdomain).toMatchObject({ kind: 'NXDOMAIN', rcode: 'NXDOMAIN', values: [], negativeTtl: 45 });
  });

  it('sees an RRset that was deleted as NODATA and a deleted name as NXDOMAIN', async () => {
    server.setRecords(`flip.${ZONE}`, 'A', ['192.0.2.10'], 5);
    server.setRecords(`flip.${ZONE}`, 'TXT', ['keeps the name alive'], 5);
    expect((await client.query(address, `flip.${ZONE}`, 'A')).kind).toBe('ANSWER');

    server.deleteRecords(`flip.${ZONE}`, 'A');
    expect((await client.query(address, `flip.${ZONE}`, 'A')).kind).toBe('NODATA');

    server.deleteName(`flip.${ZONE}`);
    expect((await client.query(address, `flip.${ZONE}`, 'A')).kind).toBe('NXDOMAIN');
  });

  it('returns REFUSED for a name outside the served zones', async () => {
    expect(await client.query(address, 'api.other.test', 'A')).toMatchObject({
      kind: 'REFUSED',
      rcode: 'REFUSED',
    });
  });

  it('falls back to TCP when the UDP answer is truncated and gets every record', async () => {
    const truncatedBefore = server.stats.truncated;
    const tcpBefore = server.stats.tcpQueries;

    const outcome = await client.query(address, `big.${ZONE}`, 'A');

    expect(outcome.kind).toBe('ANSWER');
    expect(outcome.values).toHaveLength(60);
    expect(outcome.ttl).toBe(20);
    expect(server.stats.truncated).toBe(truncatedBefore + 1);
    expect(server.stats.tcpQueries).toBe(tcpBefore + 1);
  });

  it('returns TXT values joined per record, also when longer than one 255-byte string', async () => {
    const long = 'k'.repeat(400);
    server.setRecords(`long.${ZONE}`, 'TXT', [long, 'short'], 15);

    expect(await client.query(address, `long.${ZONE}`, 'TXT')).toMatchObject({
      kind: 'ANSWER',
      values: [long, 'short'],
    });
  });

  it.each([
    ['servfail', 'SERVFAIL', /^$/],
    ['refuse', 'REFUSED', /^$/],
    ['drop', 'TIMEOUT', /no response within/],
    ['garbage', 'MALFORMED', /undecodable response \(7 bytes\)/],
    ['wrong-id', 'MALFORMED', /does not match query id/],
    ['mismatched-question', 'MALFORMED', /question name "mismatch\.api\.example\.test"/],
  ] as const)('classifies the %s fault as %s without throwing', async (fault, kind, detail) => {
    server.setFault(fault, `api.${ZONE}`);

    const outcome = await client.query(address, `api.${ZONE}`, 'A', {
      timeoutMs: fault === 'drop' ? FAULT_TIMEOUT_MS : ANSWER_TIMEOUT_MS,
    });

    expect(outcome.kind).toBe(kind);
    expect(outcome.values).toEqual([]);
    expect(outcome.detail ?? '').toMatch(detail);
    // The fault is per name: the rest of the zone still answers.
    expect((await client.query(address, `www.${ZONE}`, 'CNAME')).kind).toBe('ANSWER');
  });

  it('classifies a TCP fallback answer cut short as MALFORMED', async () => {
    // Prepare: UDP says "truncated, ask over TCP"; TCP then sends half a message and hangs up.
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const port = udp.address().port;
    udp.on('message', (query, peer) => {
      const question = decode(query);
      const reply = encode({
        type: 'response',
        id: question.id,
        flags: TRUNCATED_RESPONSE,
        questions: question.questions,
      });
      udp.send(reply, peer.port, peer.address);
    });
    const tcp = createServer((socket) => {
      socket.once('data', () => socket.end(Buffer.from([0, 100, 1, 2, 3, 4, 5, 6, 7, 8])));
    });
    await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));

    // Act
    const outcome = await client.query(`127.0.0.1:${port}`, `api.${ZONE}`, 'A');
    udp.close();
    tcp.close();

    // Assess
    expect(outcome.kind).toBe('MALFORMED');
    expect(outcome.detail).toMatch(/TCP fallback after TC: TCP response truncated after 10 bytes/);
  });

  it('accepts the real answer when a spoofed wrong-id datagram arrives first', async () => {
    // Prepare: a fake resolver that sends a forged reply, then relays the real server's answer.
    const fake = createSocket('udp4');
    const upstream = Number(address.split(':')[1]);
    await new Promise<void>((resolve) => fake.bind(0, '127.0.0.1', resolve));
    fake.on('message', (query, peer) => {
      const forged = Buffer.from(query);
      forged.writeUInt16BE((query.readUInt16BE(0) + 1) & 0xffff, 0);
      forged[2] = (forged[2] ?? 0) | 0x80;
      fake.send(forged, peer.port, peer.address);
      const relay = createSocket('udp4');
      relay.on('message', (answer) => {
        fake.send(answer, peer.port, peer.address);
        relay.close();
      });
      relay.send(query, upstream, '127.0.0.1');
    });

    // Act
    const outcome = await client.query(`127.0.0.1:${fake.address().port}`, `api.${ZONE}`, 'A');
    fake.close();

    // Assess
    expect(outcome).toMatchObject({ kind: 'ANSWER', values: ['192.0.2.1', '192.0.2.2'] });
  });

  it('reports UNREACHABLE "connection refused", not TIMEOUT, when nothing listens on the port (ICMP port unreachable)', async () => {
    const closed = createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const outcome = await client.query(`127.0.0.1:${port}`, `api.${ZONE}`, 'A', {
      timeoutMs: ANSWER_TIMEOUT_MS,
    });

    // On the ICMP error, not after waiting out the timeout (that would be TIMEOUT).
    expect(outcome.kind).toBe('UNREACHABLE');
    expect(outcome.detail).toMatch(new RegExp(`^connection refused by 127\\.0\\.0\\.1:${port} `));
  });

  it('measures latency with the injected clock', async () => {
    let calls = 0;
    const clocked = new WireDnsClient({ timeoutMs: 1000, clock: () => (calls++ === 0 ? 1000 : 1003.25) });

    const outcome = await clocked.query(address, `api.${ZONE}`, 'A');

    expect(outcome.latencyMs).toBe(3.25);
    expect(outcome.kind).toBe('ANSWER');
  });

  it('probes every resolver in parallel into one Observation and survives broken ones', async () => {
    // Prepare: two resolvers that never answer. One after the other they would cost two timeouts;
    // in parallel, one. The timeout is long enough that a busy machine's delays stay far below it.
    const timeoutMs = 2_000;
    const [second, third] = [new DemoDnsServer({ zones: [ZONE] }), new DemoDnsServer({ zones: [ZONE] })];
    const [secondAddress, thirdAddress] = [await second.start(), await third.start()];
    second.setFault('drop');
    third.setFault('drop');
    const now = new Date('2026-11-24T12:00:00.000Z');
    const probe = new DnsProbe({ timeoutMs, now: () => now });
    const target = {
      id: targetId(`api.${ZONE}`, 'A'),
      name: `api.${ZONE}`,
      type: 'A' as const,
      mode: 'exact' as const,
      resolvers: [address, secondAddress, thirdAddress, 'not a server'],
    };

    // Act
    const started = performance.now();
    const observation = await probe.probe(target);
    const elapsed = performance.now() - started;
    await Promise.all([second.stop(), third.stop()]);

    // Assess
    expect(observation).toMatchObject({
      targetId: 'api.example.test/A',
      source: 'dns-probe',
      observedAt: now.toISOString(),
    });
    expect(observation.outcomes.map((outcome) => [outcome.resolver, outcome.kind])).toEqual([
      [address, 'ANSWER'],
      [secondAddress, 'TIMEOUT'],
      [thirdAddress, 'TIMEOUT'],
      ['not a server', 'UNREACHABLE'],
    ]);
    expect(observation.outcomes[3]?.detail).toMatch(/not asked: invalid DNS server/);
    expect(observation.id).toBe(
      observationId(target.id, 'dns-probe', now.toISOString(), observation.outcomes),
    );
    // It waited for the silent resolvers (that they were asked at once is the next test's).
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
  });

  it('asks every resolver at once: no resolver waits for another to answer or time out', async () => {
    // A client whose answers the test releases: with sequential probing only the first would be asked.
    const asked: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const client = {
      query: async (resolver: string) => {
        asked.push(resolver);
        await gate;
        return { resolver, kind: 'TIMEOUT' as const, values: [], latencyMs: 1 };
      },
    };
    const probe = new DnsProbe({ timeoutMs: 1000, client, now: () => new Date('2026-11-24T12:00:00.000Z') });
    const resolvers = ['127.0.0.1:5301', '127.0.0.1:5302', '127.0.0.1:5303'];
    const done = probe.probe({ id: 'x/A', name: 'x.example', type: 'A', mode: 'exact', resolvers });

    await vi.waitFor(() => expect(asked).toHaveLength(3));
    release();
    expect((await done).outcomes.map((o) => o.resolver)).toEqual(resolvers);
  });
});
