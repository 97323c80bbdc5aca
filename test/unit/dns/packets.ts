import { type Answer, type DecodedPacket, decode, encode, RECURSION_AVAILABLE } from 'dns-packet';

const RCODES: Record<string, number> = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
};

/** A response as it comes off the wire: encoded, then decoded, so tests see what the client sees. */
export function wireResponse(options: {
  id?: number;
  name: string;
  type: string;
  rcode?: string;
  answers?: Answer[];
  authorities?: Answer[];
  query?: boolean;
  questionClass?: 'IN' | 'CH';
  /** RA: the server offers recursion (a resolver), as opposed to an authoritative-only server. */
  recursionAvailable?: boolean;
}): DecodedPacket {
  const bytes = encode({
    type: options.query ? 'query' : 'response',
    id: options.id ?? 4242,
    flags:
      (RCODES[options.rcode ?? 'NOERROR'] ?? Number(options.rcode)) |
      (options.recursionAvailable ? RECURSION_AVAILABLE : 0),
    questions: [{ name: options.name, type: options.type as 'A', class: options.questionClass ?? 'IN' }],
    answers: options.answers ?? [],
    authorities: options.authorities ?? [],
  });
  return decode(bytes);
}

export function soa(zone: string, ttl: number, minimum: number): Answer {
  return {
    name: zone,
    type: 'SOA',
    ttl,
    data: {
      mname: `ns1.${zone}`,
      rname: `hostmaster.${zone}`,
      serial: 7,
      refresh: 3600,
      retry: 600,
      expire: 86400,
      minimum,
    },
  };
}
