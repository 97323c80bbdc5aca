import { randomInt } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket as TcpSocket } from 'node:net';
import { type DecodedPacket, decode, encode, RECURSION_DESIRED, streamEncode } from 'dns-packet';
import type { RecordType, ResolverOutcome } from '../../domain/observation.js';
import { type AskedQuestion, classifyResponse } from './classify.js';
import { responseMismatch } from './response-check.js';
import { parseServerAddress, type ServerAddress } from './server-address.js';

/** Asks one resolver one question; resolves to an outcome and never rejects for network reasons. */
export interface DnsClient {
  query(
    server: string,
    name: string,
    type: RecordType,
    options?: { timeoutMs?: number },
  ): Promise<ResolverOutcome>;
}

export interface WireClientOptions {
  /** Budget for the whole exchange, TCP fallback included. */
  timeoutMs?: number;
  /** Monotonic milliseconds; latency is measured with it. */
  clock?: () => number;
  /** Query id source; random by default so off-path spoofing must guess it (RFC 5452). */
  randomId?: () => number;
  createUdpSocket?: (type: 'udp4' | 'udp6') => UdpSocket;
  connectTcp?: (options: { host: string; port: number }) => TcpSocket;
  /**
   * Queries on the wire at once; the rest wait their turn. A burst of thousands of datagrams
   * overflows a resolver's receive buffer (Linux default ~208 KB ≈ 256 queries) and they vanish.
   */
  maxInFlight?: number;
}

type Exchange =
  | { kind: 'packet'; packet: DecodedPacket }
  /** TC set on a datagram cut too short to decode (RFC 2181 §9 allows partial RRsets): go to TCP. */
  | { kind: 'truncated' }
  | { kind: 'timeout'; detail: string }
  | { kind: 'malformed'; detail: string };

export const wireClientDefaults = { timeoutMs: 2000, maxInFlight: 128 } as const;

/**
 * DNS over UDP with TCP fallback when the server sets TC, built on dns-packet.
 *
 * @example
 * const outcome = await new WireDnsClient({ timeoutMs: 500 }).query('127.0.0.1:5300', 'api.example.com', 'A');
 */
export class WireDnsClient implements DnsClient {
  private readonly timeoutMs: number;
  private readonly clock: () => number;
  private readonly randomId: () => number;
  private readonly createUdpSocket: (type: 'udp4' | 'udp6') => UdpSocket;
  private readonly connectTcp: (options: { host: string; port: number }) => TcpSocket;
  private readonly maxInFlight: number;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(options: WireClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? wireClientDefaults.timeoutMs;
    this.clock = options.clock ?? (() => performance.now());
    this.randomId = options.randomId ?? (() => randomInt(0, 0x10000));
    this.createUdpSocket = options.createUdpSocket ?? ((type) => createSocket(type));
    this.connectTcp = options.connectTcp ?? ((target) => connect(target));
    this.maxInFlight = Math.max(1, options.maxInFlight ?? wireClientDefaults.maxInFlight);
  }

  /** Throws InvalidServerAddressError for an unusable `server`; every network failure is an outcome. */
  async query(
    server: string,
    name: string,
    type: RecordType,
    options: { timeoutMs?: number } = {},
  ): Promise<ResolverOutcome> {
    const address = parseServerAddress(server);
    await this.acquire();
    try {
      return await this.exchange(server, address, name, type, options.timeoutMs ?? this.timeoutMs);
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, so the in-flight count never overshoots. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }

  private async exchange(
    server: string,
    address: ServerAddress,
    name: string,
    type: RecordType,
    timeoutMs: number,
  ): Promise<ResolverOutcome> {
    const asked: AskedQuestion = { name, type };
    const id = this.randomId() & 0xffff;
    const query = {
      type: 'query' as const,
      id,
      flags: RECURSION_DESIRED,
      questions: [{ name, type, class: 'IN' as const }],
    };
    const started = this.clock();
    const deadline = started + timeoutMs;

    let exchange = await this.overUdp(address, encode(query), id, asked, deadline);
    if (exchange.kind === 'truncated' || (exchange.kind === 'packet' && exchange.packet.flag_tc)) {
      const overTcp = await this.overTcp(address, streamEncode(query), id, asked, deadline);
      exchange =
        overTcp.kind === 'timeout' || overTcp.kind === 'malformed'
          ? { ...overTcp, detail: `TCP fallback after TC: ${overTcp.detail}` }
          : overTcp;
    }
    const latencyMs = Math.max(0, Math.round((this.clock() - started) * 100) / 100);
    const resolver = server.trim();
    switch (exchange.kind) {
      case 'packet':
        return classifyResponse(exchange.packet, asked, { resolver, latencyMs });
      case 'timeout':
        return { resolver, kind: 'TIMEOUT', values: [], latencyMs, detail: exchange.detail };
      case 'malformed':
        return { resolver, kind: 'MALFORMED', values: [], latencyMs, detail: exchange.detail };
      case 'truncated':
        return { resolver, kind: 'MALFORMED', values: [], latencyMs, detail: 'truncated over TCP too' };
    }
  }

  /**
   * Unrelated or spoofed datagrams do not end the wait: the real answer may still come. If only bad
   * packets arrived by the deadline, the last one's defect is reported (MALFORMED, not TIMEOUT).
   */
  private overUdp(
    address: ServerAddress,
    query: Buffer,
    id: number,
    asked: AskedQuestion,
    deadline: number,
  ): Promise<Exchange> {
    return new Promise((resolve) => {
      const socket = this.createUdpSocket(address.family === 6 ? 'udp6' : 'udp4');
      let lastDefect: string | undefined;
      let settled = false;
      const finish = (result: Exchange) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners('message');
        socket.on('error', () => {});
        try {
          socket.close();
        } catch {
          // Closing a socket that failed to bind throws; there is nothing left to release.
        }
        resolve(result);
      };
      const noAnswer = (detail: string): Exchange =>
        lastDefect ? { kind: 'malformed', detail: lastDefect } : { kind: 'timeout', detail };
      const wait = Math.max(0, deadline - this.clock());
      const timer = setTimeout(() => finish(noAnswer(`no response within ${Math.round(wait)} ms`)), wait);
      socket.on('error', (error: NodeJS.ErrnoException) => finish(noAnswer(socketFailure(error))));
      socket.on('message', (message: Buffer) => {
        const result = inspect(message, id, asked);
        if (result.kind === 'packet' || result.kind === 'truncated') finish(result);
        else lastDefect = result.detail;
      });
      // A connected socket only accepts datagrams from the server and surfaces ICMP port-unreachable.
      socket.connect(address.port, address.host, () => {
        socket.send(query, (error) => {
          if (error) finish(noAnswer(socketFailure(error)));
        });
      });
    });
  }

  private overTcp(
    address: ServerAddress,
    query: Buffer,
    id: number,
    asked: AskedQuestion,
    deadline: number,
  ): Promise<Exchange> {
    return new Promise((resolve) => {
      const socket = this.connectTcp({ host: address.host, port: address.port });
      let received = Buffer.alloc(0);
      let settled = false;
      const finish = (result: Exchange) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners('data');
        socket.on('error', () => {});
        socket.destroy();
        resolve(result);
      };
      const wait = Math.max(0, deadline - this.clock());
      const timer = setTimeout(
        () => finish({ kind: 'timeout', detail: `no TCP response within ${Math.round(wait)} ms` }),
        wait,
      );
      socket.on('connect', () => socket.write(query));
      socket.on('error', (error: NodeJS.ErrnoException) =>
        finish({ kind: 'timeout', detail: socketFailure(error) }),
      );
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length < 2) return;
        const length = received.readUInt16BE(0);
        if (received.length < 2 + length) return;
        // On an established TCP connection a wrong answer is not spoofing: no point waiting.
        finish(inspect(received.subarray(2, 2 + length), id, asked));
      });
      socket.on('close', () =>
        finish(
          received.length > 0
            ? { kind: 'malformed', detail: `TCP response truncated after ${received.length} bytes` }
            : { kind: 'timeout', detail: 'TCP connection closed without a response' },
        ),
      );
    });
  }
}

function inspect(message: Buffer, id: number, asked: AskedQuestion): Exchange {
  let packet: DecodedPacket;
  try {
    packet = decode(message);
  } catch (error) {
    if (isTruncatedResponseHeader(message, id)) return { kind: 'truncated' };
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'malformed', detail: `undecodable response (${message.length} bytes): ${reason}` };
  }
  const mismatch = responseMismatch(packet, id, asked);
  return mismatch ? { kind: 'malformed', detail: mismatch } : { kind: 'packet', packet };
}

/** Our id, QR (a response) and TC set: the header alone is enough to know TCP will give the full answer. */
function isTruncatedResponseHeader(message: Buffer, id: number): boolean {
  return message.length >= 12 &&
    message.readUInt16BE(0) === id &&
    (message[2] ?? 0) & 0x80 &&
    (message[2] ?? 0) & 0x02
    ? true
    : false;
}

function socketFailure(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused (nothing listening on that port)';
  return `socket error: ${error.code ?? error.message}`;
}
