import type { AlertKind, SignalSource } from '../signals.js';
import type { Severity } from './severity.js';

/** Where a signal came from, as routing rules name it. */
export const ROUTE_SOURCES = ['dns', 'route53', 'health', 'trigger'] as const;
export type RouteSource = (typeof ROUTE_SOURCES)[number];

/** What a routing rule looks at: the incident about to open. */
export interface RouteSubject {
  /** The DNS name (or a Health subject's, or a hosted zone's id). */
  name: string;
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
