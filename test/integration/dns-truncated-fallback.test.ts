import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { decode, encode, streamEncode } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WireDnsClient } from '../../lambda/sources/dns/wire-client.js';

/**
 * A server whose UDP answer is cut mid-record with TC set (RFC 2181 §9 allows it, and dns-packet cannot
 * decode it), and whose TCP answer is complete: the client must go to TCP, not wait out its timeout.
 */
describe('Class: WireDnsClient (TC on an undecodable datagram)', () => {
  const udp = createSocket('udp4');
  const tcp = createServer();
  let server = '';

  const answerFor = (query: Buffer) => {
    const q = decode(query);
    return {
      type: 'response' as const,
      id: q.id ?? 0,
      flags: 0x8000 | 0x0400 | 0x0100,
      questions: q.questions ?? [],
      answers: Array.from({ length: 40 }, (_, i) => ({
        name: 'big.example.test',
        type: 'A' as const,
        ttl: 30,
        data: `192.0.2.${i + 1}`,
      })),
    };
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const port = (tcp.address() as { port: number }).port;
    await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
    server = `127.0.0.1:${port}`;
    udp.on('message', (query, peer) => {
      const full = encode(answerFor(query));
      const cut = Buffer.from(full.subarray(0, 200));
      cut[2] = (cut[2] ?? 0) | 0x02; // TC
      udp.send(cut, peer.port, peer.address);
    });
    tcp.on('connection', (socket) => {
      socket.once('data', (data) => socket.end(streamEncode(answerFor(data.subarray(2)))));
    });
  });
  afterAll(async () => {
    udp.close();
    await new Promise((resolve) => tcp.close(resolve));
  });

  it('falls back to TCP and returns the full answer', async () => {
    // A long timeout: waiting it out would take far longer than any busy machine takes to fall back.
    const timeoutMs = 20_000;
    const client = new WireDnsClient({ timeoutMs });
    const started = Date.now();
    const outcome = await client.query(server, 'big.example.test', 'A');
    expect(outcome.kind).toBe('ANSWER');
    expect(outcome.values).toHaveLength(40);
    expect(Date.now() - started).toBeLessThan(timeoutMs / 2);
  });
});
