import { type DecodedPacket, decode } from 'dns-packet';
import type { ResolverOutcome } from '../../domain/observation.js';
import { type AskedQuestion, classifyResponse } from './classify.js';
import { responseMismatch } from './response-check.js';
import { formatServerAddress } from './server-address.js';

/** How one exchange with a resolver ended, over UDP or TCP, before it becomes an outcome. */
export type Exchange =
  | { kind: 'packet'; packet: DecodedPacket }
  /** TC set on a datagram cut too short to decode (RFC 2181 §9 allows partial RRsets): go to TCP. */
  | { kind: 'truncated' }
  | { kind: 'timeout'; detail: string }
  /** The query never reached the resolver: its host did not resolve, no route, refused, ... */
  | { kind: 'unreachable'; detail: string }
  | { kind: 'malformed'; detail: string };

/** Where one query goes: an IP literal, never a host name, and how to name it in a reason. */
export interface Endpoint {
  ip: string;
  port: number;
  family: 4 | 6;
  label: string;
}

export function endpoint(ip: string, port: number, family: 4 | 6): Endpoint {
  return { ip, port, family, label: formatServerAddress({ host: ip, port, family }) };
}

export function isEndpoint(located: Endpoint | Exchange): located is Endpoint {
  return 'ip' in located;
}

export function inspect(message: Buffer, id: number, asked: AskedQuestion): Exchange {
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

export function outcomeOf(
  exchange: Exchange,
  asked: AskedQuestion,
  resolver: string,
  latencyMs: number,
): ResolverOutcome {
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
