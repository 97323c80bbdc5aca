import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect } from 'node:net';
import { decode, encode, TRUNCATED_RESPONSE } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { look } from '../../lambda/domain/detectors/look.js';
import { targetId } from '../../lambda/domain/targets.js';
import { DnsProbe } from '../../lambda/sources/dns/dns-probe.js';
import { type HostLookup, WireDnsClient } from '../../lambda/sources/dns/wire-client.js';

const ZONE = 'example.test';
const NAME = `api.${ZONE}`;
const UNRESOLVABLE = 'dns.example.invalid:53';

/** An error as the OS / getaddrinfo reports it: a `code` and the call that failed. */
function osError(code: string, syscall: string, message = `${syscall} ${code}`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, syscall });
}

const noSuchHost: HostLookup = (host) => Promise.reject(osError('ENOTFOUND', 'getaddrinfo', `${host}`));

/** A UDP port nobody listens on (nor on TCP): the kernel answers with ICMP port unreachable / RST. */
async function closedPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A UDP-only resolver that answers every query "truncated, ask over TCP" and listens on no TCP port. */
async function truncatingUdpOnly(): Promise<{ address: string; close: () => Promise<void> }> {
  const udp = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  udp.on('message', (query, peer) => {
    const asked = decode(query);
    const reply = encode({
      type: 'response',
      id: asked.id,
      flags: TRUNCATED_RESPONSE,
      questions: asked.questions,
    });
    udp.send(reply, peer.port, peer.address);
  });
  return {
    address: `127.0.0.1:${udp.address().port}`,
    close: () => new Promise<void>((resolve) => udp.close(() => resolve())),
  };
}

describe('Class: WireDnsClient when a resolver cannot be reached', () => {
  const server = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 45 }] });
  let good: string;

  beforeAll(async () => {
    good = await server.start();
    server.setRecords(NAME, 'A', ['192.0.2.1'], 60);
  });
  afterAll(() => server.stop());

  it('answers UNREACHABLE "cannot resolve resolver host" when the resolver host name does not resolve', async () => {
    const client = new WireDnsClient({ timeoutMs: 1000, lookupHost: noSuchHost });

    const outcome = await client.query(UNRESOLVABLE, NAME, 'A');

    expect(outcome).toMatchObject({ resolver: UNRESOLVABLE, kind: 'UNREACHABLE', values: [] });
    expect(outcome.detail).toMatch(/^cannot resolve resolver host dns\.example\.invalid: .*ENOTFOUND/);
  });

  it('answers UNREACHABLE when the resolver host lookup does not finish within the budget', async () => {
    const hangs: HostLookup = () => new Promise(() => {});
    const client = new WireDnsClient({ timeoutMs: 50, lookupHost: hangs });

    const outcome = await client.query(UNRESOLVABLE, NAME, 'A');

    expect(outcome.kind).toBe('UNREACHABLE');
    expect(outcome.detail).toBe('cannot resolve resolver host dns.example.invalid: no answer within 50 ms');
  });

  it('fails dns.example.invalid through the real system lookup one way or another, never by throwing', async () => {
    const client = new WireDnsClient({ timeoutMs: 3000 });

    const outcome = await client.query(UNRESOLVABLE, NAME, 'A');

    expect(outcome.kind).toBe('UNREACHABLE');
    expect(outcome.detail).toMatch(/^cannot resolve resolver host dns\.example\.invalid: /);
  });

  it('asks the address the injected lookup gives for a resolver host name, keeping the name as the resolver', async () => {
    const port = Number(good.split(':')[1]);
    const asked: string[] = [];
    const localhost: HostLookup = async (host) => {
      asked.push(host);
      return { address: '127.0.0.1', family: 4 };
    };
    const client = new WireDnsClient({ timeoutMs: 1000, lookupHost: localhost });

    const outcome = await client.query(`resolver.lookout.test:${port}`, NAME, 'A');

    expect(asked).toEqual(['resolver.lookout.test']);
    expect(outcome).toMatchObject({
      resolver: `resolver.lookout.test:${port}`,
      kind: 'ANSWER',
      values: ['192.0.2.1'],
    });
  });

  it('asks a resolver given as localhost through the real lookup, IPv4 first like the OS socket did', async () => {
    const port = Number(good.split(':')[1]);

    const outcome = await new WireDnsClient({ timeoutMs: 5000 }).query(`localhost:${port}`, NAME, 'A');

    expect(outcome).toMatchObject({ resolver: `localhost:${port}`, kind: 'ANSWER', values: ['192.0.2.1'] });
  });

  it('answers UNREACHABLE "network unreachable" for the broadcast address 255.255.255.255:53', async () => {
    const outcome = await new WireDnsClient({ timeoutMs: 1000 }).query('255.255.255.255:53', NAME, 'A');

    expect(outcome).toMatchObject({ resolver: '255.255.255.255:53', kind: 'UNREACHABLE', values: [] });
    expect(outcome.detail).toMatch(/^network unreachable: .*255\.255\.255\.255:53/);
  });

  it('names a refused UDP query "connection refused by <address>" (ICMP port unreachable), not TIMEOUT', async () => {
    const port = await closedPort();

    const outcome = await new WireDnsClient({ timeoutMs: 5000 }).query(`127.0.0.1:${port}`, NAME, 'A');

    expect(outcome.kind).toBe('UNREACHABLE');
    expect(outcome.detail).toMatch(new RegExp(`^connection refused by 127\\.0\\.0\\.1:${port}\\b`));
  });

  it('names a refused TCP fallback "connection refused by <address>"', async () => {
    const udpOnly = await truncatingUdpOnly();
    try {
      const outcome = await new WireDnsClient({ timeoutMs: 5000 }).query(udpOnly.address, NAME, 'A');

      expect(outcome.kind).toBe('UNREACHABLE');
      expect(outcome.detail).toMatch(
        new RegExp(`^TCP fallback after TC: connection refused by ${udpOnly.address.replace(/\./g, '\\.')}`),
      );
    } finally {
      await udpOnly.close();
    }
  });

  it('answers UNREACHABLE "network unreachable" when the TCP fallback has no route (ENETUNREACH from the OS)', async () => {
    const udpOnly = await truncatingUdpOnly();
    try {
      // The kernel has no route for TCP to the limited broadcast address: a real ENETUNREACH.
      const client = new WireDnsClient({
        timeoutMs: 5000,
        connectTcp: () => connect({ host: '255.255.255.255', port: 53 }),
      });

      const outcome = await client.query(udpOnly.address, NAME, 'A');

      expect(outcome.kind).toBe('UNREACHABLE');
      expect(outcome.detail).toMatch(/^TCP fallback after TC: network unreachable: .*ENETUNREACH/);
    } finally {
      await udpOnly.close();
    }
  });

  it('answers UNREACHABLE when the UDP socket cannot bind (an address not on this machine)', async () => {
    // 203.0.113.0/24 is TEST-NET-3: no interface here carries it, so bind fails with EADDRNOTAVAIL.
    const client = new WireDnsClient({
      timeoutMs: 5000,
      createUdpSocket: (type) => createSocket(type).bind(0, '203.0.113.99'),
    });

    const outcome = await client.query(good, NAME, 'A');

    expect(outcome.kind).toBe('UNREACHABLE');
    expect(outcome.detail).toMatch(/EADDRNOTAVAIL/);
  });

  it('answers UNREACHABLE "network unreachable" when the network is down (ENETUNREACH on connect, injected)', async () => {
    // A machine with no route at all (not even loopback) fails connect(2) with ENETUNREACH. The e2e test
    // cli-probe-failures runs the CLI in an empty network namespace for the real thing where it can.
    const client = new WireDnsClient({
      timeoutMs: 5000,
      createUdpSocket: (type) => failingConnect(createSocket(type), osError('ENETUNREACH', 'connect')),
    });

    const outcome = await client.query(good, NAME, 'A');

    expect(outcome).toMatchObject({ kind: 'UNREACHABLE', resolver: good });
    expect(outcome.detail).toMatch(/^network unreachable: no route to 127\.0\.0\.1:\d+ \(ENETUNREACH\)/);
  });

  it('answers UNREACHABLE when opening a socket throws', async () => {
    const client = new WireDnsClient({
      timeoutMs: 5000,
      createUdpSocket: () => {
        throw osError('EMFILE', 'socket', 'too many open files');
      },
    });

    const outcome = await client.query(good, NAME, 'A');

    expect(outcome.kind).toBe('UNREACHABLE');
    expect(outcome.detail).toMatch(/EMFILE/);
  });
});

describe('Class: DnsProbe with broken and working resolvers together', () => {
  const server = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 45 }] });
  let good: string;

  beforeAll(async () => {
    good = await server.start();
    server.setRecords(NAME, 'A', ['192.0.2.1', '192.0.2.2'], 60);
  });
  afterAll(() => server.stop());

  const target = (resolvers: string[]) => ({
    id: targetId(NAME, 'A'),
    name: NAME,
    type: 'A' as const,
    mode: 'exact' as const,
    resolvers,
  });

  it('gets the good resolver’s answer through while each broken one is UNREACHABLE with its reason', async () => {
    const refused = `127.0.0.1:${await closedPort()}`;
    const probe = new DnsProbe({
      timeoutMs: 5000,
      client: new WireDnsClient({ timeoutMs: 5000, lookupHost: noSuchHost }),
    });

    const observation = await probe.probe(target([UNRESOLVABLE, '255.255.255.255:53', refused, good]));

    expect(observation.outcomes.map((o) => [o.resolver, o.kind])).toEqual([
      [UNRESOLVABLE, 'UNREACHABLE'],
      ['255.255.255.255:53', 'UNREACHABLE'],
      [refused, 'UNREACHABLE'],
      [good, 'ANSWER'],
    ]);
    expect(observation.outcomes.map((o) => o.detail?.split(':')[0])).toEqual([
      'cannot resolve resolver host dns.example.invalid',
      'network unreachable',
      `connection refused by 127.0.0.1`,
      undefined,
    ]);
    expect(look(observation)).toEqual({
      kind: 'present',
      values: ['192.0.2.1', '192.0.2.2'],
      count: 2,
      ttl: 60,
    });
  });

  it('looks unreachable, never empty, when no resolver can be reached', async () => {
    const probe = new DnsProbe({
      timeoutMs: 5000,
      client: new WireDnsClient({ timeoutMs: 5000, lookupHost: noSuchHost }),
    });

    const observation = await probe.probe(
      target([UNRESOLVABLE, '255.255.255.255:53', `127.0.0.1:${await closedPort()}`]),
    );

    const seen = look(observation);
    expect(seen.kind).toBe('unreachable');
    expect(seen.kind === 'unreachable' && seen.failures.join('; ')).toMatch(
      /UNREACHABLE \(cannot resolve resolver host.*UNREACHABLE \(network unreachable.*UNREACHABLE \(connection refused by/,
    );
  });

  it('records an address that cannot be parsed as UNREACHABLE, not asked', async () => {
    const observation = await new DnsProbe({ timeoutMs: 1000 }).probe(target(['not a server', good]));

    expect(observation.outcomes[0]).toMatchObject({ resolver: 'not a server', kind: 'UNREACHABLE' });
    expect(observation.outcomes[0]?.detail).toMatch(/^not asked: invalid DNS server "not a server"/);
    expect(observation.outcomes[1]?.kind).toBe('ANSWER');
  });
});

/** A real socket whose connect(2) fails the way it does with no route: the error reaches the callback. */
function failingConnect(socket: UdpSocket, error: NodeJS.ErrnoException): UdpSocket {
  socket.connect = ((_port: number, _host: string, callback: (error?: Error) => void) => {
    process.nextTick(callback, error);
  }) as UdpSocket['connect'];
  return socket;
}
