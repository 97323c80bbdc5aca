import { createHash } from 'node:crypto';

/**
 * How one resolver answered one question. These kinds stay distinct all the way to Slack:
 * NODATA ("the name exists but has no records") is the October-2025 failure; TIMEOUT is not.
 * TIMEOUT means the query went out and nothing came back; UNREACHABLE means it never reached a
 * resolver (its host name does not resolve, no route, connection refused), with the reason in `detail`.
 */
export const OUTCOME_KINDS = [
  'ANSWER',
  'NODATA',
  'NXDOMAIN',
  'SERVFAIL',
  'REFUSED',
  'TIMEOUT',
  'UNREACHABLE',
  'MALFORMED',
] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'TXT'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface ResolverOutcome {
  /** `host:port` of the resolver asked. */
  resolver: string;
  kind: OutcomeKind;
  /** Sorted, de-duplicated answer values for the asked type (empty unless ANSWER). */
  values: string[];
  /** Smallest TTL of the answer RRset (ANSWER). */
  ttl?: number;
  /** Negative-caching TTL from the SOA in the authority section (NODATA / NXDOMAIN), RFC 2308. */
  negativeTtl?: number;
  /** The RCODE as the resolver sent it, e.g. NOERROR, NXDOMAIN, SERVFAIL. */
  rcode?: string;
  latencyMs: number;
  /** Why a MALFORMED / TIMEOUT / UNREACHABLE outcome was classified so (wrong id, connection refused, ...). */
  detail?: string;
  /**
   * The CNAME chain the answer section led through, asked name first, each alias target after it
   * (`['www.example.test', 'api.example.test']`); the outcome's RCODE and values belong to the last
   * name. Absent when no alias was followed. Shape and bounds: `cnameChainSchema` (cname-chain.ts).
   */
  cnameChain?: string[];
}

/** One look at one target from one source at one moment. */
export interface Observation {
  /** Deterministic: the same look always has the same id, so re-processing it is a no-op. */
  id: string;
  targetId: string;
  source: 'dns-probe';
  /** ISO-8601 timestamp. */
  observedAt: string;
  outcomes: ResolverOutcome[];
}

export function observationId(
  targetId: string,
  source: string,
  observedAt: string,
  outcomes: ResolverOutcome[],
): string {
  const content = outcomes
    .map((o) => `${o.resolver}|${o.kind}|${o.values.join(',')}|${o.ttl ?? ''}|${o.negativeTtl ?? ''}`)
    .sort()
    .join(';');
  const hash = createHash('sha256').update(`${targetId}\n${source}\n${observedAt}\n${content}`).digest('hex');
  return `obs-${hash.slice(0, 20)}`;
}

export function isUsable(outcome: ResolverOutcome): boolean {
  return outcome.kind === 'ANSWER' || outcome.kind === 'NODATA' || outcome.kind === 'NXDOMAIN';
}

export function isEmptyAnswer(outcome: ResolverOutcome): boolean {
  return outcome.kind === 'NODATA' || outcome.kind === 'NXDOMAIN';
}
