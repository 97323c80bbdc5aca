import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { type DecodedPacket, decode, encode } from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { WireDnsClient } from '../../lambda/sources/dns/wire-client.js';

interface Received {
  query: DecodedPacket;
  peer: RemoteInfo;
}

/** A UDP resolver that holds every query until the test answers it, so replies can be ordered at will. */
async function heldResolver() {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const received: Received[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  socket.on('message', (message, peer) => {
    received.push({ query: decode(message), peer });
    if (waiting && received.length >= waiting.count) waiting.resolve();
  });
  const reply = (to: Received, packet: Parameters<typeof encode>[0]) =>
    new Promise<void>((resolve) =>
      socket.send(encode(packet), to.peer.port, to.peer.address, () => resolve()),
    );
  return {
    address: `127.0.0.1:${socket.address().port}`,
    received,
    /** Resolves once `count` queries in all have arrived (an event, not a sleep). */
    queries: (count: number) =>
      new Promise<void>((resolve) => {
        if (received.length >= count) resolve();
        else waiting = { count, resolve };
      }),
    answer: (to: Received, address: string) =>
      reply(to, {
        type: 'response',
        id: to.query.id ?? 0,
        flags: 0x8000 | 0x0400,
        questions: to.query.questions ?? [],
        answers: [{ name: to.query.questions?.[0]?.name ?? '', type: 'A', ttl: 30, data: address }],
      }),
    reply,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

type Resolver = Awaited<ReturnType<typeof heldResolver>>;

/** `n0.pool.test` → `192.0.2.1`: each name has its own address, so a crossed answer shows. */
const addressOf = (name: string) => `192.0.2.${Number(name.slice(1, name.indexOf('.'))) + 1}`;

describe('Class: WireDnsClient sharing UDP sockets across queries', () => {
  const open: { close(): unknown }[] = [];
  const track = <T extends { close(): unknown }>(thing: T): T => {
    open.push(thing);
    return thing;
  };
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });

  it('gives concurrent queries on one socket each its own answer, whatever order the replies come in', async () => {
    const resolver: Resolver = track(await heldResolver());
    const client = track(new WireDnsClient({ timeoutMs: 5000, socketsPerResolver: 1 }));
    const names = Array.from({ length: 20 }, (_, i) => `n${i}.pool.test`);

    const outcomes = Promise.all(names.map((name) => client.query(resolver.address, name, 'A')));
    await resolver.queries(names.length);
    for (const query of [...resolver.received].reverse())
      await resolver.answer(query, addressOf(query.query.questions?.[0]?.name ?? ''));

    expect((await outcomes).map((o) => [o.kind, o.values])).toEqual(
      names.map((name) => ['ANSWER', [addressOf(name)]]),
    );
    expect(new Set(resolver.received.map((r) => r.peer.port)).size).toBe(1);
  });

  it('never gives two queries in flight on a socket the same id, even when the id source repeats', async () => {
    const resolver: Resolver = track(await heldResolver());
    const client = track(new WireDnsClient({ timeoutMs: 5000, socketsPerResolver: 1, randomId: () => 7 }));
    const names = ['n0.pool.test', 'n1.pool.test', 'n2.pool.test'];

    const outcomes = Promise.all(names.map((name) => client.query(resolver.address, name, 'A')));
    await resolver.queries(names.length);
    for (const query of resolver.received)
      await resolver.answer(query, addressOf(query.query.questions?.[0]?.name ?? ''));

    expect(new Set(resolver.received.map((r) => r.query.id)).size).toBe(names.length);
    expect((await outcomes).map((o) => o.values)).toEqual(names.map((name) => [addressOf(name)]));
  });

  it('ignores a reply with the right id but another question, and one with nobody’s id, then takes the real answer', async () => {
    const resolver: Resolver = track(await heldResolver());
    const client = track(new WireDnsClient({ timeoutMs: 5000, socketsPerResolver: 1 }));

    const outcomes = Promise.all([
      client.query(resolver.address, 'n0.pool.test', 'A'),
      client.query(resolver.address, 'n1.pool.test', 'A'),
    ]);
    await resolver.queries(2);
    const [first, second] = resolver.received as [Received, Received];
    // The other query's question under the first one's id, as an off-path forger who guessed the id would.
    await resolver.reply(first, {
      type: 'response',
      id: first.query.id ?? 0,
      flags: 0x8000,
      questions: second.query.questions ?? [],
      answers: [{ name: second.query.questions?.[0]?.name ?? '', type: 'A', ttl: 30, data: '203.0.113.66' }],
    });
    await resolver.reply(first, {
      type: 'response',
      id: unusedId(first, second),
      flags: 0x8000,
      questions: first.query.questions ?? [],
      answers: [{ name: 'n0.pool.test', type: 'A', ttl: 30, data: '203.0.113.66' }],
    });
    await resolver.answer(second, addressOf('n1.pool.test'));
    await resolver.answer(first, addressOf('n0.pool.test'));

    expect((await outcomes).map((o) => [o.kind, o.values])).toEqual([
      ['ANSWER', [addressOf('n0.pool.test')]],
      ['ANSWER', [addressOf('n1.pool.test')]],
    ]);
  });

  it('takes a late answer to a query that timed out for nobody’s defect: the next query on the socket still times out as TIMEOUT', async () => {
    const resolver: Resolver = track(await heldResolver());
    const client = track(new WireDnsClient({ timeoutMs: 5000, socketsPerResolver: 1 }));

    const late = client.query(resolver.address, 'n0.pool.test', 'A', { timeoutMs: 20 });
    const waiting = client.query(resolver.address, 'n1.pool.test', 'A', { timeoutMs: 400 });
    await resolver.queries(2);
    expect((await late).kind).toBe('TIMEOUT');
    await resolver.answer(resolver.received[0] as Received, addressOf('n0.pool.test'));

    expect(await waiting).toMatchObject({ kind: 'TIMEOUT', values: [] });
  });

  it('fails only the queries on a socket that errors, and replaces that socket for the next query', async () => {
    const resolver: Resolver = track(await heldResolver());
    const sockets: UdpSocket[] = [];
    const client = track(
      new WireDnsClient({
        timeoutMs: 5000,
        socketsPerResolver: 2,
        createUdpSocket: (type) => {
          const socket = createSocket(type);
          sockets.push(socket);
          return socket;
        },
      }),
    );

    const outcomes = Promise.all(
      ['n0.pool.test', 'n1.pool.test'].map((name) => client.query(resolver.address, name, 'A')),
    );
    await resolver.queries(2);
    const broken = sockets[0] as UdpSocket;
    const brokenPort = broken.address().port;
    broken.emit('error', Object.assign(new Error('recvmsg ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    for (const query of resolver.received)
      await resolver.answer(query, addressOf(query.query.questions?.[0]?.name ?? ''));
    const [onBroken, onOther] = await outcomes;
    expect(onBroken).toMatchObject({ kind: 'UNREACHABLE' });
    expect(onBroken?.detail).toMatch(/^connection refused by 127\.0\.0\.1:\d+/);
    expect(onOther).toMatchObject({ kind: 'ANSWER', values: [addressOf('n1.pool.test')] });

    const next = client.query(resolver.address, 'n2.pool.test', 'A');
    await resolver.queries(3);
    const third = resolver.received[2] as Received;
    await resolver.answer(third, addressOf('n2.pool.test'));

    expect(await next).toMatchObject({ kind: 'ANSWER', values: [addressOf('n2.pool.test')] });
    expect(sockets).toHaveLength(3);
    expect(third.peer.port).not.toBe(brokenPort);
  });

  it('answers through a new socket after the resolver refused (ICMP port unreachable) and came back', async () => {
    const probe = createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
    const port = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const client = track(new WireDnsClient({ timeoutMs: 5000, socketsPerResolver: 1 }));

    const refused = await client.query(`127.0.0.1:${port}`, 'n0.pool.test', 'A');
    const back = createSocket('udp4');
    await new Promise<void>((resolve) => back.bind(port, '127.0.0.1', resolve));
    track({ close: () => new Promise<void>((resolve) => back.close(() => resolve())) });
    back.on('message', (message, peer) => {
      const query = decode(message);
      const answer = encode({
        type: 'response',
        id: query.id ?? 0,
        flags: 0x8000 | 0x0400,
        questions: query.questions ?? [],
        answers: [{ name: 'n0.pool.test', type: 'A', ttl: 30, data: '192.0.2.1' }],
      });
      back.send(answer, peer.port, peer.address);
    });
    const answered = await client.query(`127.0.0.1:${port}`, 'n0.pool.test', 'A');

    expect(refused.kind).toBe('UNREACHABLE');
    expect(answered).toMatchObject({ kind: 'ANSWER', values: ['192.0.2.1'] });
  });
});

/** An id held by neither query. */
function unusedId(a: Received, b: Received): number {
  let id = 1;
  while (id === a.query.id || id === b.query.id) id++;
  return id;
}
