import { createSocket } from 'node:dgram';
import { encode, RECURSION_DESIRED } from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { WireDnsClient } from '../../lambda/sources/dns/wire-client.js';

/** A UDP resolver that records every datagram and answers none (the client times out). */
async function silentResolver() {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const datagrams: Buffer[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  socket.on('message', (message) => {
    datagrams.push(message);
    if (waiting && datagrams.length >= waiting.count) waiting.resolve();
  });
  return {
    address: `127.0.0.1:${socket.address().port}`,
    datagrams,
    /** Resolves once `count` datagrams have arrived (an event, not a sleep). */
    received: (count: number) =>
      new Promise<void>((resolve) => {
        if (datagrams.length >= count) resolve();
        else waiting = { count, resolve };
      }),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

describe('Class: WireDnsClient query datagrams', () => {
  const open: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });

  it('sends exactly the bytes dns-packet encodes, each with its own id, when a question is asked again', async () => {
    const resolver = await silentResolver();
    open.push(resolver);
    const ids = [0x1234, 0xbeef, 0x0001, 0xffff];
    const draws = [...ids];
    const client = new WireDnsClient({ timeoutMs: 200, randomId: () => draws.shift() ?? 7 });
    open.push(client);
    const asked = [
      ['api.example.test', 'A'],
      ['api.example.test', 'A'],
      ['API.Example.Test.', 'TXT'],
      ['api.example.test', 'A'],
    ] as const;

    const outcomes = Promise.all(asked.map(([name, type]) => client.query(resolver.address, name, type)));
    await resolver.received(asked.length);

    // Ids are drawn in the order the queries were made; datagrams may arrive in any order.
    const expected = asked.map(([name, type], i) =>
      encode({
        type: 'query',
        id: ids[i],
        flags: RECURSION_DESIRED,
        questions: [{ name, type, class: 'IN' }],
      }),
    );
    const byId = (d: Buffer) => d.readUInt16BE(0);
    const sent = [...resolver.datagrams].sort((a, b) => byId(a) - byId(b));
    const wanted = [...expected].sort((a, b) => byId(a) - byId(b));
    expect(sent.map((d) => d.toString('hex'))).toEqual(wanted.map((e) => e.toString('hex')));
    expect((await outcomes).map((o) => o.kind)).toEqual(['TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
  });
});
