import type { AlertKind, SignalSource } from '../signals.js';
import type { Severity } from './severity.js';

/** Where a signal came from, as routing rules name it. */
export const ROUTE_SOURCES = ['dns', 'route53', 'health', 'trigger'] as const;
export type RouteSource = (typeof ROUTE_SOURCES)[number];

/** What a routing rule looks at: the incident about to open. */
export interface RouteSubject {
  /** The DNS name (or a Health subject's, a hosted zone's id, or a cause's: its resolvers). */
  name: string;
  /**
   * A cause incident's (one incident for resolvers that stopped answering): the names of the watched
   * targets it covers. A name glob matches the subject when it matches `name` or any of these.
   */
  covers?: readonly string[];
  kind: AlertKind;
  severity: Severity;
  source: RouteSource;
  /** The Route 53 hosted zone the signal is about, when its source knows it. */
  zoneId?: string;
  /** The AWS Health service (`DYNAMODB`), for Health signals. */
  service?: string;
}

/**
 * The family of a signal's source: what clients see (`dns`), what Route 53 holds or who changed it
 * (`route53`), what AWS posted (`health`), or an on-call tool's trigger (`trigger…`).
 */
export function routeSourceOf(source: SignalSource | string | undefined): RouteSource {
  switch (source) {
    case undefined:
    case 'dns-probe':
      return 'dns';
    case 'route53-snapshot':
    case 'cloudtrail':
    case 'change-history':
      return 'route53';
    case 'aws-health':
      return 'health';
    default:
      return source.startsWith('trigger') ? 'trigger' : 'dns';
  }
}

/**
 * The subject of a signal about to open an incident: its facts say the zone (Route 53 signals) and
 * the service (AWS Health), when the source knows them.
 */
export function routeSubjectOf(
  signal: {
    kind: AlertKind;
    source?: SignalSource | string;
    facts: Record<string, string | number | boolean>;
  },
  name: string,
  severity: Severity,
): RouteSubject {
  const { zoneId, service } = signal.facts;
  return {
    name,
    kind: signal.kind,
    severity,
    source: routeSourceOf(signal.source),
    ...(typeof zoneId === 'string' && zoneId ? { zoneId } : {}),
    ...(typeof service === 'string' && service ? { service } : {}),
  };
}

/**
 * The subject of a cause incident about to open: what is known of the cause (its resolvers, as `name`),
 * the signal's kind, source and facts (zone and service when they name them), its severity, and the
 * names of the targets it covers.
 * @example causeRouteSubject(signal, '10.0.0.1:53', ['a.example.test'], 'high').covers // ['a.example.test']
 */
export function causeRouteSubject(
  signal: Parameters<typeof routeSubjectOf>[0],
  causeName: string,
  covers: readonly string[],
  severity: Severity,
): RouteSubject {
  return { ...routeSubjectOf(signal, causeName, severity), covers: [...covers] };
}
