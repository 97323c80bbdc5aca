import type { Answer, DecodedPacket } from 'dns-packet';
import type { RecordType, ResolverOutcome } from '../../domain/observation.js';

export interface AskedQuestion {
  name: string;
  type: RecordType;
}

export interface ResponseMeta {
  resolver: string;
  latencyMs: number;
}

/** A CNAME chain longer than this is treated as a loop; resolvers stop around 8–16 hops too. */
const MAX_CNAME_HOPS = 16;

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

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
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
  const base = { resolver: meta.resolver, rcode, latencyMs: meta.latencyMs };
  switch (rcode) {
    case 'NOERROR': {
      const rrset = answerRRset(packet.answers ?? [], asked);
      if (rrset.length > 0) {
        const values = [...new Set(rrset.map((answer) => formatValue(answer, asked.type)))].sort();
        const ttl = Math.min(...rrset.map((answer) => ttlOf(answer)));
        return { ...base, kind: 'ANSWER', values, ttl };
      }
      const authorities = packet.authorities ?? [];
      if (!authorities.some((a) => a.type === 'SOA') && authorities.some((a) => a.type === 'NS')) {
        // A referral (or a lame answer) from a server that is not authoritative and does not recurse:
        // it says nothing about whether the record exists, so it must not vote for EMPTY (RFC 2308 §2.2).
        return {
          ...base,
          kind: 'SERVFAIL',
          values: [],
          detail: 'referral: no answer and no SOA, only NS records',
        };
      }
      return withNegativeTtl({ ...base, kind: 'NODATA', values: [] }, packet);
    }
    case 'NXDOMAIN':
      return withNegativeTtl({ ...base, kind: 'NXDOMAIN', values: [] }, packet);
    case 'REFUSED':
      return { ...base, kind: 'REFUSED', values: [] };
    default:
      return { ...base, kind: 'SERVFAIL', values: [] };
  }
}

/**
 * The records of the asked type that answer the question. For A/AAAA/TXT the CNAME chain in the
 * answer section is followed from the asked name; for CNAME the alias record itself is the answer.
 */
function answerRRset(answers: Answer[], asked: AskedQuestion): Answer[] {
  const inClass = answers.filter(
    (answer) => !('class' in answer) || answer.class === undefined || answer.class === 'IN',
  );
  let owner = normalizeName(asked.name);
  const visited = new Set<string>();
  for (let hop = 0; hop <= MAX_CNAME_HOPS && !visited.has(owner); hop++) {
    visited.add(owner);
    const current = owner;
    const rrset = inClass.filter(
      (answer) => answer.type === asked.type && normalizeName(answer.name) === current,
    );
    if (rrset.length > 0 || asked.type === 'CNAME') return rrset;
    const alias = inClass.find((answer) => answer.type === 'CNAME' && normalizeName(answer.name) === current);
    const target = alias && 'data' in alias ? alias.data : undefined;
    if (typeof target !== 'string') return [];
    owner = normalizeName(target);
  }
  return [];
}

function formatValue(answer: Answer, type: RecordType): string {
  const data = 'data' in answer ? answer.data : undefined;
  if (type === 'TXT') return txtValue(data);
  if (typeof data !== 'string') return String(data);
  return type === 'CNAME' ? normalizeName(data) : data.toLowerCase();
}

/** One TXT record may be split in 255-byte chunks; they form one value. */
function txtValue(data: unknown): string {
  const chunks = Array.isArray(data) ? data : [data];
  return chunks.map((chunk) => (Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk))).join('');
}

function ttlOf(answer: Answer): number {
  return 'ttl' in answer && typeof answer.ttl === 'number' ? answer.ttl : 0;
}

/** RFC 2308 §5: a negative answer is cached for min(SOA TTL, SOA MINIMUM). */
function withNegativeTtl(outcome: ResolverOutcome, packet: DecodedPacket): ResolverOutcome {
  const soa = (packet.authorities ?? []).find((record) => record.type === 'SOA');
  if (!soa || !('data' in soa) || typeof soa.data !== 'object' || soa.data === null) return outcome;
  const minimum = 'minimum' in soa.data && typeof soa.data.minimum === 'number' ? soa.data.minimum : Infinity;
  return { ...outcome, negativeTtl: Math.min(ttlOf(soa), minimum) };
}
