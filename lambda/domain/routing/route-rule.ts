import type { AlertKind } from '../signals.js';
import { matchesNameGlob } from './name-glob.js';
import type { RouteSource, RouteSubject } from './route-subject.js';
import type { Severity } from './severity.js';

/**
 * What a rule matches. Every field given must match (a list matches when any of its entries does);
 * a rule with no field matches everything. The first rule that matches wins, cause incidents included:
 * an earlier rule matching any one target a cause covers takes the whole incident.
 */
export interface RouteMatch {
  /** Route 53 hosted zone ids (`Z…`, with or without `/hostedzone/`). */
  zones?: readonly string[];
  /**
   * DNS name globs (see name-glob.ts). A cause incident (resolvers that stopped answering for several
   * targets) matches when the glob matches its resolvers or any target it covers when it opens.
   */
  names?: readonly string[];
  kinds?: readonly AlertKind[];
  severities?: readonly Severity[];
  sources?: readonly RouteSource[];
  /** AWS Health services, any case (`DYNAMODB`, `ec2`). */
  services?: readonly string[];
}

/** One routing rule (config slack.routes): what it matches and the channels it sends to. */
export interface RouteRule {
  match: RouteMatch;
  /** Where the incident is announced: the first is its home (root and thread), the others get a link. */
  channels: readonly string[];
}

/** Whether `rule` covers `subject`. */
export function ruleMatches(match: RouteMatch, subject: RouteSubject): boolean {
  const bare = (zone: string) => zone.replace(/^\/?hostedzone\//i, '').toUpperCase();
  return (
    anyOf(match.zones, (z) => subject.zoneId !== undefined && bare(z) === bare(subject.zoneId)) &&
    anyOf(match.names, (glob) =>
      [subject.name, ...(subject.covers ?? [])].some((name) => matchesNameGlob(glob, name)),
    ) &&
    anyOf(match.kinds, (k) => k === subject.kind) &&
    anyOf(match.severities, (s) => s === subject.severity) &&
    anyOf(match.sources, (s) => s === subject.source) &&
    anyOf(
      match.services,
      (s) => subject.service !== undefined && s.toUpperCase() === subject.service.toUpperCase(),
    )
  );
}

/** An absent list does not constrain; a given one must have a matching entry. */
function anyOf<T>(list: readonly T[] | undefined, matches: (entry: T) => boolean): boolean {
  return list === undefined || list.some(matches);
}
