import type { Answer, DecodedPacket } from 'dns-packet';
import { type CnameChain, chainText, MAX_CNAME_HOPS } from '../../domain/cname-chain.js';
import { normalizeDnsName } from '../../domain/dns-name.js';
import type { OutcomeKind, RecordType, ResolverOutcome } from '../../domain/observation.js';
import { type FollowedAnswer, followAnswer, recordedChain } from './answer-chain.js';

export interface AskedQuestion {
  name: string;
  type: RecordType;
}

export interface ResponseMeta {
  resolver: string;
  latencyMs: number;
}

const RCODE_NAMES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

/** The 4-bit header RCODE by name; dns-packet decodes it but its types do not declare it. */
export function rcodeName(packet: Pick<DecodedPacket, 'flags'>): string {
  const code = (packet.flags ?? 0) & 0xf;
  return RCODE_NAMES[code] ?? `RCODE_${code}`;
}

/**
 * Turns a verified response into the outcome the detector votes with.
 *
 * RCODEs other than NOERROR, NXDOMAIN and REFUSED (FORMERR, NOTIMP, NOTAUTH, ...) are classified
 * SERVFAIL: the server was reached but gave no usable answer, which is what SERVFAIL means to the
 * detector; `rcode` keeps the real name for the timeline.
 *
 * @example
 * classifyResponse(packet, { name: 'api.example.com', type: 'A' }, { resolver: '127.0.0.1:53', latencyMs: 3 });
 */
export function classifyResponse(
  packet: DecodedPacket,
  asked: AskedQuestion,
  meta: ResponseMeta,
): ResolverOutcome {
  const rcode = rcodeName(packet);
  const followed = followAnswer(packet.answers ?? [], asked);
  // Only an answer or a negative answer speaks for the names in its answer section.
  const chain = rcode === 'NOERROR' || rcode === 'NXDOMAIN' ? recordedChain(followed) : undefined;
  const base: ResponseBase = { resolver: meta.resolver, rcode, latencyMs: meta.latencyMs, cnameChain: chain };
  if (followed.broken && chain) {
    // Resolvers answer a loop or an over-long chain SERVFAIL; it must not vote for an empty record.
    return withDetail(outcome(base, 'SERVFAIL', []), brokenChainDetail(followed, chain));
  }
  switch (rcode) {
    case 'NOERROR': {
      const { rrset } = followed;
      if (rrset.length > 0) {
        const values: string[] = [];
        let ttl = Infinity;
        for (const answer of rrset) {
          values.push(formatValue(answer, asked.type));
          ttl = Math.min(ttl, ttlOf(answer));
        }
        // Sorted, then neighbours that repeat dropped: `[...new Set(values)].sort()` without the Set.
        values.sort();
        const distinct = values.filter((value, i) => i === 0 || value !== values[i - 1]);
        const answer = outcome(base, 'ANSWER', distinct);
        answer.ttl = ttl;
        return answer;
      }
      const authorities = packet.authorities ?? [];
      const hasSoa = authorities.some((a) => a.type === 'SOA');
      if (!hasSoa && authorities.some((a) => a.type === 'NS')) {
        // A referral (or a lame answer) from a server that is not authoritative and does not recurse:
        // it says nothing about whether the record exists, so it must not vote for EMPTY (RFC 2308 §2.2).
        return withDetail(outcome(base, 'SERVFAIL', []), 'referral: no answer and no SOA, only NS records');
      }
      if (chain && !hasSoa && !packet.flag_ra) {
        // An authoritative server answers an alias into a zone it does not serve with the alias alone
        // (RFC 1034 §4.3.2) and leaves the rest to a resolver: nothing was said about the last name.
        return withDetail(
          outcome(base, 'SERVFAIL', []),
          `CNAME chain not followed: this server does not recurse and gave no answer for ${chain[chain.length - 1]}`,
        );
      }
      return withNegativeTtl(outcome(base, 'NODATA', []), packet);
    }
    case 'NXDOMAIN':
      // With a chain, the RCODE speaks of its last name, not the asked one (RFC 6604).
      return withNegativeTtl(outcome(base, 'NXDOMAIN', []), packet);
    case 'REFUSED':
      return outcome(base, 'REFUSED', []);
    default:
      return outcome(base, 'SERVFAIL', []);
  }
}

interface ResponseBase {
  resolver: string;
  rcode: string;
  latencyMs: number;
  cnameChain: CnameChain | undefined;
}

/**
 * The outcome, keys in the order they always had, built as a literal: on Node 20, `{ ...base, kind }`
 * adds each new key to a copied object slowly (about 1 µs a key, 4 µs a reply, most of this function).
 */
function outcome(base: ResponseBase, kind: OutcomeKind, values: string[]): ResolverOutcome {
  const { resolver, rcode, latencyMs, cnameChain } = base;
  return cnameChain
    ? { resolver, rcode, latencyMs, cnameChain, kind, values }
    : { resolver, rcode, latencyMs, kind, values };
}

function withDetail(fresh: ResolverOutcome, detail: string): ResolverOutcome {
  fresh.detail = detail;
  return fresh;
}

function brokenChainDetail(followed: FollowedAnswer, chain: CnameChain): string {
  return followed.broken === 'loop'
    ? `CNAME loop: ${chainText(chain)}`
    : `CNAME chain longer than ${MAX_CNAME_HOPS} aliases`;
}

function formatValue(answer: Answer, type: RecordType): string {
  const data = 'data' in answer ? answer.data : undefined;
  if (type === 'TXT') return txtValue(data);
  if (typeof data !== 'string') return String(data);
  return type === 'CNAME' ? normalizeDnsName(data) : data.toLowerCase();
}

/** One TXT record may be split in 255-byte chunks; they form one value. */
function txtValue(data: unknown): string {
  const chunks = Array.isArray(data) ? data : [data];
  return chunks.map((chunk) => (Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk))).join('');
}

function ttlOf(answer: Answer): number {
  return 'ttl' in answer && typeof answer.ttl === 'number' ? answer.ttl : 0;
}

/** RFC 2308 §5: a negative answer is cached for min(SOA TTL, SOA MINIMUM). Sets it on `fresh`. */
function withNegativeTtl(fresh: ResolverOutcome, packet: DecodedPacket): ResolverOutcome {
  const soa = (packet.authorities ?? []).find((record) => record.type === 'SOA');
  if (!soa || !('data' in soa) || typeof soa.data !== 'object' || soa.data === null) return fresh;
  const minimum = 'minimum' in soa.data && typeof soa.data.minimum === 'number' ? soa.data.minimum : Infinity;
  fresh.negativeTtl = Math.min(ttlOf(soa), minimum);
  return fresh;
}
