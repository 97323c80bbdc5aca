import { getRandomValues } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket as TcpSocket } from 'node:net';
import { encode, RECURSION_DESIRED, streamEncode } from 'dns-packet';
import type { RecordType, ResolverOutcome } from '../../domain/observation.js';
import type { AskedQuestion } from './classify.js';
import { InFlightLimit } from './in-flight-limit.js';
import { type HostLookup, locateResolver, systemHostLookup } from './resolver-host.js';
import { parseServerAddress, type ServerAddress } from './server-address.js';
import { exchangeOverTcp } from './tcp-exchange.js';
import { UdpSocketPool, udpPoolDefaults } from './udp-socket-pool.js';
import { type Endpoint, endpoint, isEndpoint, outcomeOf } from './wire-exchange.js';

export type { HostLookup } from './resolver-host.js';

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
  /** Connected UDP sockets shared per resolver (queries are matched to answers by id and question). */
  socketsPerResolver?: number;
}

/** A parsed resolver address, its label in outcomes and, for an IP literal, where to send. */
interface KnownResolver {
  address: ServerAddress;
  label: string;
  endpoint?: Endpoint;
}

/** Resolver addresses kept parsed; a config names a handful, so this bound is only a backstop. */
const MAX_KNOWN_RESOLVERS = 256;

/** Encoded questions kept per record type (≈ 50 bytes each): a large watch list, bounded all the same. */
const MAX_ENCODED_QUESTIONS = 10_000;

export const wireClientDefaults = {
  timeoutMs: 2000,
  maxInFlight: 128,
  socketsPerResolver: udpPoolDefaults.socketsPerEndpoint,
} as const;

/**
 * DNS over UDP with TCP fallback when the server sets TC, built on dns-packet.
 *
 * @example
 * const outcome = await new WireDnsClient({ timeoutMs: 500 }).query('127.0.0.1:5300', 'api.example.com', 'A');
 */
export class WireDnsClient implements DnsClient {
  private readonly timeoutMs: number;
  private readonly io: Required<Pick<WireClientOptions, 'clock' | 'lookupHost' | 'connectTcp'>>;
  private readonly limit: InFlightLimit;
  private readonly udp: UdpSocketPool;
  private readonly resolvers = new Map<string, KnownResolver>();
  private readonly encoded = new Map<RecordType, Map<string, Buffer>>();

  constructor(options: WireClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? wireClientDefaults.timeoutMs;
    const clock = options.clock ?? (() => performance.now());
    this.io = {
      clock,
      lookupHost: options.lookupHost ?? systemHostLookup,
      connectTcp: options.connectTcp ?? ((target) => connect(target)),
    };
    this.limit = new InFlightLimit(Math.max(1, options.maxInFlight ?? wireClientDefaults.maxInFlight));
    this.udp = new UdpSocketPool(
      {
        clock,
        randomId: options.randomId ?? randomIds(),
        createUdpSocket: options.createUdpSocket ?? ((type) => createSocket(type)),
      },
      { socketsPerEndpoint: options.socketsPerResolver ?? wireClientDefaults.socketsPerResolver },
    );
  }

  /** Closes the shared UDP sockets now (they also close themselves after a second unused). */
  close(): void {
    this.udp.close();
  }

  /** Throws InvalidServerAddressError for an unusable `server`; every network failure is an outcome. */
  async query(
    server: string,
    name: string,
    type: RecordType,
    options: { timeoutMs?: number } = {},
  ): Promise<ResolverOutcome> {
    const resolver = this.resolverOf(server);
    await this.limit.acquire();
    try {
      return await this.exchange(resolver, name, type, options.timeoutMs ?? this.timeoutMs);
    } finally {
      this.limit.release();
    }
  }

  /**
   * The same few resolvers are asked thousands of times a round: parse each address once. An IP
   * literal's endpoint is fixed, so it is kept too; a host name is looked up per query (its address
   * may move).
   */
  private resolverOf(server: string): KnownResolver {
    let known = this.resolvers.get(server);
    if (!known) {
      const address = parseServerAddress(server);
      known = {
        address,
        label: server.trim(),
        ...(address.family !== 0 ? { endpoint: endpoint(address.host, address.port, address.family) } : {}),
      };
      if (this.resolvers.size >= MAX_KNOWN_RESOLVERS) this.resolvers.clear();
      this.resolvers.set(server, known);
    }
    return known;
  }

  private async exchange(
    resolver: KnownResolver,
    name: string,
    type: RecordType,
    timeoutMs: number,
  ): Promise<ResolverOutcome> {
    const asked: AskedQuestion = { name, type };
    const started = this.io.clock();
    const deadline = started + timeoutMs;

    const located = resolver.endpoint ?? (await locateResolver(resolver.address, deadline, this.io));
    if (!isEndpoint(located)) return outcomeOf(located, asked, resolver.label, this.latencySince(started));
    let { id, exchange } = await this.udp.exchange(
      located,
      (id) => this.encodeQuery(id, name, type),
      asked,
      deadline,
    );
    // The UDP wait is what the name lookup left of the budget; the person set the whole budget, and it
    // is the whole budget that passed without an answer.
    if (exchange.kind === 'timeout') exchange = { ...exchange, detail: `no response within ${timeoutMs} ms` };
    if (exchange.kind === 'truncated' || (exchange.kind === 'packet' && exchange.packet.flag_tc)) {
      const overTcp = await exchangeOverTcp(
        located,
        streamEncode(queryPacket(id, name, type)),
        id,
        asked,
        deadline,
        this.io,
      );
      exchange =
        overTcp.kind === 'packet' || overTcp.kind === 'truncated'
          ? overTcp
          : { ...overTcp, detail: `TCP fallback after TC: ${overTcp.detail}` };
    }
    return outcomeOf(exchange, asked, resolver.label, this.latencySince(started));
  }

  /**
   * The query datagram: the same bytes dns-packet encodes, from a copy of this question's encoding
   * with the id written in (the first two bytes). The same questions are asked every round, and
   * encoding one is most of what sending it costs in JavaScript.
   */
  private encodeQuery(id: number, name: string, type: RecordType): Buffer {
    // Keyed by type, then by the name string itself: no key built (and hashed) per query.
    let byName = this.encoded.get(type);
    if (!byName) {
      byName = new Map();
      this.encoded.set(type, byName);
    }
    let template = byName.get(name);
    if (!template) {
      template = encode(queryPacket(0, name, type));
      if (byName.size >= MAX_ENCODED_QUESTIONS) byName.clear();
      byName.set(name, template);
    }
    const query = Buffer.allocUnsafe(template.length);
    template.copy(query);
    query.writeUInt16BE(id, 0);
    return query;
  }

  private latencySince(started: number): number {
    return Math.max(0, Math.round((this.io.clock() - started) * 100) / 100);
  }
}

function queryPacket(id: number, name: string, type: RecordType) {
  return {
    type: 'query' as const,
    id,
    flags: RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' as const }],
  };
}

/** Cryptographically random 16-bit ids drawn 1,024 at a time: one syscall per batch, not per query. */
function randomIds(): () => number {
  const batch = new Uint16Array(1024);
  let next = batch.length;
  return () => {
    if (next === batch.length) {
      getRandomValues(batch);
      next = 0;
    }
    return batch[next++] as number;
  };
}
