import { randomInt } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { connect, isIP, type Socket as TcpSocket } from 'node:net';
import { type DecodedPacket, decode, encode, RECURSION_DESIRED, streamEncode } from 'dns-packet';
import type { RecordType, ResolverOutcome } from '../../domain/observation.js';
import { type AskedQuestion, classifyResponse } from './classify.js';
import { lookupFailureReason, lookupTimeoutReason, unreachableReason } from './network-failure.js';
import { responseMismatch } from './response-check.js';
import { formatServerAddress, parseServerAddress, type ServerAddress } from './server-address.js';

/**
 * Asks one resolver one question; resolves to an outcome and never rejects for network reasons: a
 * resolver that cannot be reached is an UNREACHABLE outcome, never an error thrown at the caller.
 */
export interface DnsClient {
  query(
    server: string,
    name: string,
    type: RecordType,
    options?: { timeoutMs?: number },
  ): Promise<ResolverOutcome>;
}

/** The address to send to for a resolver host name, e.g. `dns.internal` → `{ address: '10.0.0.2', family: 4 }`. */
export type HostLookup = (host: string) => Promise<{ address: string; family: number }>;

export interface WireClientOptions {
  /** Budget for the whole exchange, TCP fallback included. */
  timeoutMs?: number;
  /** Monotonic milliseconds; latency is measured with it. */
  clock?: () => number;
  /** Query id source; random by default so off-path spoofing must guess it (RFC 5452). */
  randomId?: () => number;
  /** Resolves a resolver given by host name; the OS resolver (getaddrinfo) by default. */
  lookupHost?: HostLookup;
  createUdpSocket?: (type: 'udp4' | 'udp6') => UdpSocket;
  /** Called with the resolver's IP address, never a host name. */
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
  /** The query never reached the resolver: its host did not resolve, no route, refused, ... */
  | { kind: 'unreachable'; detail: string }
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
  private readonly lookupHost: HostLookup;
  private readonly createUdpSocket: (type: 'udp4' | 'udp6') => UdpSocket;
  private readonly connectTcp: (options: { host: string; port: number }) => TcpSocket;
  private readonly maxInFlight: number;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(options: WireClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? wireClientDefaults.timeoutMs;
    this.clock = options.clock ?? (() => performance.now());
    this.randomId = options.randomId ?? (() => randomInt(0, 0x10000));
    // IPv4 first, as the udp4 socket the OS used to resolve host names with did: a resolver on `localhost`
    // that listens on 127.0.0.1 only keeps answering. `verbatim` is the same switch for Node < 20.13.
    this.lookupHost = options.lookupHost ?? ((host) => lookup(host, { order: 'ipv4first', verbatim: false }));
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

    const located = await this.locate(address, deadline);
    let exchange = isEndpoint(located)
      ? await this.overUdp(located, encode(query), id, asked, deadline)
      : located;
    if (
      isEndpoint(located) &&
      (exchange.kind === 'truncated' || (exchange.kind === 'packet' && exchange.packet.flag_tc))
    ) {
      const overTcp = await this.overTcp(located, streamEncode(query), id, asked, deadline);
      exchange =
        overTcp.kind === 'packet' || overTcp.kind === 'truncated'
          ? overTcp
          : { ...overTcp, detail: `TCP fallback after TC: ${overTcp.detail}` };
    }
    const latencyMs = Math.max(0, Math.round((this.clock() - started) * 100) / 100);
    const resolver = server.trim();
    switch (exchange.kind) {
      case 'packet':
        return classifyResponse(exchange.packet, asked, { resolver, latencyMs });
      case 'timeout':
        return { resolver, kind: 'TIMEOUT', values: [], latencyMs, detail: exchange.detail };
      case 'unreachable':
        return { resolver, kind: 'UNREACHABLE', values: [], latencyMs, detail: exchange.detail };
      case 'malformed':
        return { resolver, kind: 'MALFORMED', values: [], latencyMs, detail: exchange.detail };
      case 'truncated':
        return { resolver, kind: 'MALFORMED', values: [], latencyMs, detail: 'truncated over TCP too' };
    }
  }

  /**
   * The IP address to send to. A resolver given by host name is looked up here, once for UDP and TCP
   * alike and within the query's budget, so a name that does not resolve (or a lookup that hangs) is
   * this resolver's outcome rather than an error inside the socket layer.
   */
  private async locate(address: ServerAddress, deadline: number): Promise<Endpoint | Exchange> {
    if (address.family !== 0) return endpoint(address.host, address.port, address.family);
    const host = address.host;
    const wait = Math.max(0, deadline - this.clock());
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Exchange>((resolve) => {
      timer = setTimeout(
        () => resolve({ kind: 'unreachable', detail: lookupTimeoutReason(host, wait) }),
        wait,
      );
    });
    // The lookup cannot be cancelled; a late rejection still lands in this handler, never unhandled.
    const looked = Promise.resolve()
      .then(() => this.lookupHost(host))
      .then(
        (found): Endpoint | Exchange => {
          const family = isIP(found?.address ?? '');
          if (family === 0)
            return {
              kind: 'unreachable',
              detail: lookupFailureReason(new Error(`no IP address in ${JSON.stringify(found)}`), host),
            };
          return endpoint(found.address, address.port, family === 6 ? 6 : 4);
        },
        (error: unknown): Exchange => ({ kind: 'unreachable', detail: lookupFailureReason(error, host) }),
      );
    try {
      return await Promise.race([looked, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Unrelated or spoofed datagrams do not end the wait: the real answer may still come. If only bad
   * packets arrived by the deadline, the last one's defect is reported (MALFORMED, not TIMEOUT). A
   * socket error (refused, no route, bind failure) ends it at once: it is this resolver's outcome.
   */
  private overUdp(
    target: Endpoint,
    query: Buffer,
    id: number,
    asked: AskedQuestion,
    deadline: number,
  ): Promise<Exchange> {
    return new Promise((resolve) => {
      let socket: UdpSocket | undefined;
      let lastDefect: string | undefined;
      let settled = false;
      const finish = (result: Exchange) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (socket) closeQuietly(socket);
        resolve(result);
      };
      const unreachable = (error: unknown) =>
        finish({ kind: 'unreachable', detail: unreachableReason(error, target.label) });
      const wait = Math.max(0, deadline - this.clock());
      const timer = setTimeout(
        () =>
          finish(
            lastDefect
              ? { kind: 'malformed', detail: lastDefect }
              : { kind: 'timeout', detail: `no response within ${Math.round(wait)} ms` },
          ),
        wait,
      );
      try {
        const udp = this.createUdpSocket(target.family === 6 ? 'udp6' : 'udp4');
        socket = udp;
        // Bind failures (the implicit bind in connect, or the factory's own) arrive here.
        udp.on('error', unreachable);
        udp.on('message', (message: Buffer) => {
          const result = inspect(message, id, asked);
          if (result.kind === 'packet' || result.kind === 'truncated') finish(result);
          else lastDefect = result.detail;
        });
        // A connected socket only accepts datagrams from the server and surfaces ICMP port-unreachable.
        // Node hands a failed connect (EACCES, ENETUNREACH, ...) to this callback and emits no 'error'
        // (@types/node declares it without arguments); sending on the unconnected socket would throw.
        udp.connect(target.port, target.ip, (error?: Error) => {
          if (error) return unreachable(error);
          if (settled) return;
          try {
            udp.send(query, (sendError) => {
              if (sendError) unreachable(sendError);
            });
          } catch (sendError) {
            unreachable(sendError);
          }
        });
      } catch (error) {
        unreachable(error);
      }
    });
  }

  /** Every failure, from connect to write, settles as an outcome; nothing is thrown past the socket. */
  private overTcp(
    target: Endpoint,
    query: Buffer,
    id: number,
    asked: AskedQuestion,
    deadline: number,
  ): Promise<Exchange> {
    return new Promise((resolve) => {
      let socket: TcpSocket | undefined;
      let received = Buffer.alloc(0);
      let settled = false;
      const finish = (result: Exchange) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (socket) {
          socket.removeAllListeners('data');
          socket.on('error', () => {});
          socket.destroy();
        }
        resolve(result);
      };
      const unreachable = (error: unknown) =>
        finish({ kind: 'unreachable', detail: unreachableReason(error, target.label) });
      const wait = Math.max(0, deadline - this.clock());
      const timer = setTimeout(
        () => finish({ kind: 'timeout', detail: `no TCP response within ${Math.round(wait)} ms` }),
        wait,
      );
      try {
        const tcp = this.connectTcp({ host: target.ip, port: target.port });
        socket = tcp;
        // Connect and write errors (ECONNREFUSED, ENETUNREACH, ECONNRESET, EPIPE, ...) are all emitted here.
        tcp.on('error', unreachable);
        tcp.on('connect', () => {
          if (!settled) tcp.write(query);
        });
        tcp.on('data', (chunk: Buffer) => {
          received = Buffer.concat([received, chunk]);
          if (received.length < 2) return;
          const length = received.readUInt16BE(0);
          if (received.length < 2 + length) return;
          // On an established TCP connection a wrong answer is not spoofing: no point waiting.
          finish(inspect(received.subarray(2, 2 + length), id, asked));
        });
        tcp.on('close', () =>
          finish(
            received.length > 0
              ? { kind: 'malformed', detail: `TCP response truncated after ${received.length} bytes` }
              : { kind: 'timeout', detail: 'TCP connection closed without a response' },
          ),
        );
      } catch (error) {
        unreachable(error);
      }
    });
  }
}

/** Where one query goes: an IP literal, never a host name, and how to name it in a reason. */
interface Endpoint {
  ip: string;
  port: number;
  family: 4 | 6;
  label: string;
}

function endpoint(ip: string, port: number, family: 4 | 6): Endpoint {
  return { ip, port, family, label: formatServerAddress({ host: ip, port, family }) };
}

function isEndpoint(located: Endpoint | Exchange): located is Endpoint {
  return 'ip' in located;
}

function closeQuietly(socket: UdpSocket): void {
  socket.removeAllListeners('message');
  socket.removeAllListeners('error');
  socket.on('error', () => {});
  try {
    socket.close();
  } catch {
    // Closing a socket that failed to bind throws; there is nothing left to release.
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
