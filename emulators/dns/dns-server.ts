import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import {
  AUTHORITATIVE_ANSWER,
  type DecodedPacket,
  decode,
  encode,
  type Packet,
  TRUNCATED_RESPONSE,
} from 'dns-packet';
import { normalizeDnsName } from '../../lambda/domain/dns-name.js';
import type { RecordType } from '../../lambda/domain/observation.js';
import { retry } from '../../lambda/shared/retry.js';
import { type ChangeEntry, type RRset, type ZoneOptions, ZoneStore } from './dns-zone.js';

export type { ChangeEntry, RRset, ZoneOptions } from './dns-zone.js';
export { ZoneDataError } from './errors.js';

/** Ways the server misbehaves on purpose, per name or for every query. */
export const FAULT_MODES = [
  'servfail',
  'refuse',
  'drop',
  'garbage',
  'wrong-id',
  'mismatched-question',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface DemoDnsServerOptions {
  zones: ReadonlyArray<string | ZoneOptions>;
  host?: string;
  /** 0 picks a free port; UDP and TCP share it. */
  port?: number;
  now?: () => Date;
}

const RCODES = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
/** RFC 1035 §4.2.1: without EDNS a UDP response is at most 512 bytes; larger ones set TC. */
const UDP_LIMIT = 512;

/**
 * An in-process authoritative DNS server on loopback (UDP and TCP) for tests, the outage demo and
 * benchmarks. It answers like a real one (AA, NXDOMAIN vs NODATA with the SOA, CNAMEs, REFUSED out
 * of zone, TC over UDP) and logs every change so detection latency can be measured from `emptiedAt`.
 *
 * @example
 * const server = new DemoDnsServer({ zones: ['example.test'] });
 * const address = await server.start(); // '127.0.0.1:40123'
 * server.setRecords('api.example.test', 'A', ['192.0.2.1'], 60);
 */
export class DemoDnsServer {
  readonly zone: ZoneStore;
  readonly stats = { udpQueries: 0, tcpQueries: 0, truncated: 0 };
  private readonly host: string;
  private readonly port: number;
  private readonly faults = new Map<string, FaultMode>();
  private globalFault: FaultMode | undefined;
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly connections = new Set<TcpSocket>();
  private bound: string | undefined;

  constructor(options: DemoDnsServerOptions) {
    this.zone = new ZoneStore(options.zones, options.now);
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
  }

  /** Binds UDP and TCP on one port and returns `host:port`. */
  async start(): Promise<string> {
    if (this.bound) return this.bound;
    let tcpRefused: unknown;
    const { udp, port } = await retry(
      async () => {
        const udp = await bindUdp(this.host, this.port);
        const port = udp.address().port;
        try {
          this.tcp = await listenTcp(this.host, port, (socket) => this.serveTcp(socket));
        } catch (error) {
          udp.close();
          tcpRefused = error;
          throw error;
        }
        return { udp, port };
      },
      {
        attempts: 11,
        // An ephemeral UDP port may be taken on TCP by someone else: pick another pair.
        retryable: (error) =>
          error === tcpRefused && this.port === 0 && (error as NodeJS.ErrnoException).code === 'EADDRINUSE',
      },
    );
    udp.on('message', (message, peer) => {
      this.stats.udpQueries++;
      const response = this.respond(message, 'udp');
      if (response) udp.send(response, peer.port, peer.address);
    });
    this.udp = udp;
    this.bound = this.host.includes(':') ? `[${this.host}]:${port}` : `${this.host}:${port}`;
    return this.bound;
  }

  async stop(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = undefined;
    this.tcp = undefined;
    this.bound = undefined;
    await Promise.all([
      udp ? new Promise<void>((resolve) => udp.close(() => resolve())) : undefined,
      tcp ? new Promise<void>((resolve) => tcp.close(() => resolve())) : undefined,
    ]);
  }

  get address(): string | undefined {
    return this.bound;
  }

  setRecords(name: string, type: RecordType, values: readonly string[], ttl = 60): void {
    this.zone.set(name, type, values, ttl);
  }

  deleteRecords(name: string, type: RecordType): void {
    this.zone.delete(name, type);
  }

  deleteName(name: string): void {
    this.zone.deleteName(name);
  }

  getRecords(name: string, type: RecordType): RRset | undefined {
    return this.zone.get(name, type);
  }

  get changeLog(): readonly ChangeEntry[] {
    return this.zone.changes();
  }

  emptiedAt(name: string, type: RecordType): ChangeEntry | undefined {
    return this.zone.emptiedAt(name, type);
  }

  onChange(listener: (change: ChangeEntry) => void): () => void {
    return this.zone.onChange(listener);
  }

  /** A fault for one name, or for every query when `name` is omitted; `undefined` clears it. */
  setFault(mode: FaultMode | undefined, name?: string): void {
    if (name === undefined) this.globalFault = mode;
    else if (mode === undefined) this.faults.delete(normalizeDnsName(name));
    else this.faults.set(normalizeDnsName(name), mode);
  }

  clearFaults(): void {
    this.faults.clear();
    this.globalFault = undefined;
  }

  private serveTcp(socket: TcpSocket): void {
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) return;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        this.stats.tcpQueries++;
        const response = this.respond(message, 'tcp');
        if (!response) continue;
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(response.length);
        socket.write(Buffer.concat([prefix, response]));
      }
    });
  }

  /** The bytes to send back, or undefined to stay silent. */
  private respond(message: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
    let query: DecodedPacket;
    try {
      query = decode(message);
    } catch {
      return undefined;
    }
    if (query.flag_qr) return undefined;
    const id = query.id ?? 0;
    const question = query.questions?.[0];
    const echoedFlags = (query.flags ?? 0) & 0x0100;
    if (!question || query.questions?.length !== 1) {
      return encode({
        type: 'response',
        id,
        flags: echoedFlags | RCODES.FORMERR,
        questions: query.questions ?? [],
      });
    }
    const fault = this.faults.get(normalizeDnsName(question.name)) ?? this.globalFault;
    if (fault === 'drop') return undefined;
    const response: Packet = { type: 'response', id, flags: echoedFlags, questions: [question] };
    if (fault === 'servfail' || fault === 'refuse') {
      response.flags = echoedFlags | (fault === 'servfail' ? RCODES.SERVFAIL : RCODES.REFUSED);
    } else {
      const result = this.zone.answer(question.name, question.type);
      const authoritative = result.rcode === 'REFUSED' ? 0 : AUTHORITATIVE_ANSWER;
      response.flags = echoedFlags | authoritative | RCODES[result.rcode];
      response.answers = result.answers;
      response.authorities = result.authorities;
    }
    if (fault === 'mismatched-question') {
      response.questions = [{ ...question, name: `mismatch.${normalizeDnsName(question.name)}` }];
    }
    let bytes = encode(response);
    if (transport === 'udp' && bytes.length > UDP_LIMIT) {
      this.stats.truncated++;
      const flags = (response.flags ?? 0) | TRUNCATED_RESPONSE;
      bytes = encode({ type: 'response', id, flags, questions: response.questions ?? [] });
    }
    if (fault === 'wrong-id') bytes.writeUInt16BE((id + 1) & 0xffff, 0);
    // Seven bytes: our id, then a header cut short — a packet that looks like ours but cannot decode.
    if (fault === 'garbage') return bytes.subarray(0, 7);
    return bytes;
  }
}

function bindUdp(host: string, port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      // Late errors (e.g. ICMP from a vanished client) must not crash the demo.
      socket.on('error', () => {});
      // A probe round is a burst of datagrams; the default ~208 KB buffer drops past ~256 queries.
      try {
        socket.setRecvBufferSize(4 * 1024 * 1024);
      } catch {
        // Capped by net.core.rmem_max or refused: the default buffer still works for smaller bursts.
      }
      resolve(socket);
    });
  });
}

function listenTcp(host: string, port: number, onConnection: (socket: TcpSocket) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(onConnection);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
