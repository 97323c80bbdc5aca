import { randomInt } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket as TcpSocket } from 'node:net';
import { encode, RECURSION_DESIRED, streamEncode } from 'dns-packet';
import type { RecordType, ResolverOutcome } from '../../domain/observation.js';
import type { AskedQuestion } from './classify.js';
import { InFlightLimit } from './in-flight-limit.js';
import { type HostLookup, locateResolver, systemHostLookup } from './resolver-host.js';
import { parseServerAddress, type ServerAddress } from './server-address.js';
import { exchangeOverTcp } from './tcp-exchange.js';
import { exchangeOverUdp } from './udp-exchange.js';
import { isEndpoint, outcomeOf } from './wire-exchange.js';

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
}

export const wireClientDefaults = { timeoutMs: 2000, maxInFlight: 128 } as const;

/**
 * DNS over UDP with TCP fallback when the server sets TC, built on dns-packet.
 *
 * @example
 * const outcome = await new WireDnsClient({ timeoutMs: 500 }).query('127.0.0.1:5300', 'api.example.com', 'A');
 */
export class WireDnsClient implements DnsClient {
  private readonly timeoutMs: number;
  private readonly randomId: () => number;
  private readonly io: Required<
    Pick<WireClientOptions, 'clock' | 'lookupHost' | 'createUdpSocket' | 'connectTcp'>
  >;
  private readonly limit: InFlightLimit;

  constructor(options: WireClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? wireClientDefaults.timeoutMs;
    this.randomId = options.randomId ?? (() => randomInt(0, 0x10000));
    this.io = {
      clock: options.clock ?? (() => performance.now()),
      lookupHost: options.lookupHost ?? systemHostLookup,
      createUdpSocket: options.createUdpSocket ?? ((type) => createSocket(type)),
      connectTcp: options.connectTcp ?? ((target) => connect(target)),
    };
    this.limit = new InFlightLimit(Math.max(1, options.maxInFlight ?? wireClientDefaults.maxInFlight));
  }

  /** Throws InvalidServerAddressError for an unusable `server`; every network failure is an outcome. */
  async query(
    server: string,
    name: string,
    type: RecordType,
    options: { timeoutMs?: number } = {},
  ): Promise<ResolverOutcome> {
    const address = parseServerAddress(server);
    await this.limit.acquire();
    try {
      return await this.exchange(server, address, name, type, options.timeoutMs ?? this.timeoutMs);
    } finally {
      this.limit.release();
    }
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
    const started = this.io.clock();
    const deadline = started + timeoutMs;

    const located = await locateResolver(address, deadline, this.io);
    let exchange = isEndpoint(located)
      ? await exchangeOverUdp(located, encode(query), id, asked, deadline, this.io)
      : located;
    // The UDP wait is what the name lookup left of the budget; the person set the whole budget, and it
    // is the whole budget that passed without an answer.
    if (exchange.kind === 'timeout' && isEndpoint(located)) {
      exchange = { ...exchange, detail: `no response within ${timeoutMs} ms` };
    }
    if (
      isEndpoint(located) &&
      (exchange.kind === 'truncated' || (exchange.kind === 'packet' && exchange.packet.flag_tc))
    ) {
      const overTcp = await exchangeOverTcp(located, streamEncode(query), id, asked, deadline, this.io);
      exchange =
        overTcp.kind === 'packet' || overTcp.kind === 'truncated'
          ? overTcp
          : { ...overTcp, detail: `TCP fallback after TC: ${overTcp.detail}` };
    }
    const latencyMs = Math.max(0, Math.round((this.io.clock() - started) * 100) / 100);
    return outcomeOf(exchange, asked, server.trim(), latencyMs);
  }
}
