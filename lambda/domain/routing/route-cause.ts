import type { AlertKind, SignalSource } from '../signals.js';
import { chooseChannels } from './choose-channels.js';
import { type IncidentRouting, placeIncident, type RoutedIncident } from './route-incident.js';
import { causeRouteSubject } from './route-subject.js';
import { severityOf } from './severity.js';

/**
 * Decides, when a cause incident opens (one incident for resolvers that stopped answering several
 * targets), its severity and channels, by the rules a target's own incident is routed by: a covered
 * target's own `channel` wins; else the first rule matching the cause (kind, source, severity, zone or
 * service when the signal names them, and its resolvers or any covered target's name for `names`);
 * else `fallback`. Decided once, at opening: targets joining later do not move the incident.
 *
 * @example
 * routeCauseIncident({
 *   signal, cause: { id: 'resolver/10.0.0.1:53', name: '10.0.0.1:53' },
 *   covers: [{ name: 'a.example.test' }],
 *   routing: { routes: [{ match: { names: ['*.example.test'] }, channels: ['#dns'] }] },
 *   fallback: '#alerts',
 * }).channel; // '#dns'
 */
export function routeCauseIncident(input: {
  signal: {
    kind: AlertKind;
    at: string;
    source?: SignalSource | string;
    facts: Record<string, string | number | boolean>;
  };
  /** The cause's id (`resolver/10.0.0.1:53`) and how it reads (`10.0.0.1:53`). */
  cause: { id: string; name: string };
  /** The watched targets the cause covers as it opens. */
  covers: readonly { name: string; channel?: string | undefined }[];
  routing?: IncidentRouting | undefined;
  fallback?: string | undefined;
}): RoutedIncident {
  const { signal, cause, routing } = input;
  const severity = severityOf(signal.kind, signal.facts, routing?.severity);
  const own = input.covers.find((t) => t.channel)?.channel;
  const subject = causeRouteSubject(
    signal,
    cause.name,
    input.covers.map((t) => t.name),
    severity,
  );
  const channels = own ? [own] : chooseChannels(routing?.routes ?? [], subject, input.fallback).channels;
  return placeIncident({
    severity,
    channels,
    routing,
    openedAt: signal.at,
    // A channel name takes the first DNS label: dots would cut `resolver/10.0.0.1:53` down to `resolver/10`.
    name: cause.id.replace(/\./g, '-'),
    kind: signal.kind,
  });
}
