import { chooseChannels } from './choose-channels.js';
import type { IncidentRouting } from './route-incident.js';
import { routeSubjectOf } from './route-subject.js';
import { severityOf } from './severity.js';

/** What routes an AWS Health notice (a scheduled change, an account notification) to its digests. */
export interface DigestRouteInput {
  /** The notice: its service (`EC2`) and category (`scheduledChange`), as AWS Health names them. */
  notice: { service: string; category: string };
  /**
   * Who it is about: the watched targets it concerns, each with its own `channel` when it names one, or
   * else its own Health subject (`EC2 us-east-1`). At least one.
   */
  subjects: readonly { name: string; channel?: string | undefined }[];
  routing?: Pick<IncidentRouting, 'routes' | 'severity'> | undefined;
  /** slack.channel: where a notice no rule matches goes (none: no digest). */
  fallback?: string | undefined;
}

/**
 * The channels whose digest lists a Health notice, by the same rules an incident is routed by: a
 * target's own `channel` wins; else the first slack.routes rule matching source `health`, the notice's
 * service, kind HEALTH_EVENT and its category's severity (slack.severity applies); else `fallback`.
 * Every channel of the matching rule gets the line: a digest has no thread to link to. Duplicates are
 * dropped, first place kept.
 *
 * @example
 * digestChannelsOf({
 *   notice: { service: 'EC2', category: 'scheduledChange' },
 *   subjects: [{ name: 'EC2 us-east-1' }],
 *   routing: { routes: [{ match: { services: ['EC2'] }, channels: ['#compute'] }] },
 *   fallback: '#alerts',
 * }); // ['#compute']
 */
export function digestChannelsOf(input: DigestRouteInput): string[] {
  const { notice, routing } = input;
  const facts = { category: notice.category, service: notice.service };
  const severity = severityOf('HEALTH_EVENT', facts, routing?.severity);
  const channels = input.subjects.flatMap((subject) => {
    if (subject.channel) return [subject.channel];
    const routed = routeSubjectOf(
      { kind: 'HEALTH_EVENT', source: 'aws-health', facts },
      subject.name,
      severity,
    );
    return chooseChannels(routing?.routes ?? [], routed, input.fallback).channels;
  });
  return [...new Set(channels)];
}
