import type { ChannelLink, IncidentChannelRef } from '../incident.js';
import type { AlertKind, SignalSource } from '../signals.js';
import { incidentChannelName } from './channel-name.js';
import { chooseChannels } from './choose-channels.js';
import type { RouteRule } from './route-rule.js';
import { routeSubjectOf } from './route-subject.js';
import { type Severity, type SeverityOverrides, severityOf } from './severity.js';

/** What the config says about where incidents go (slack.routes, slack.severity, slack.incidentChannels). */
export interface IncidentRouting {
  routes?: readonly RouteRule[];
  severity?: SeverityOverrides | undefined;
  incidentChannels?: { severities: readonly Severity[]; prefix: string } | undefined;
}

/** Where a new incident goes and how bad it is. */
export interface RoutedIncident {
  severity: Severity;
  /** The alert channel: its outbox queue, and its root's home unless it gets a channel of its own. */
  channel?: string;
  /** The other routed channels (all of them, with an incident channel) each get a link message. */
  links: ChannelLink[];
  incidentChannel?: IncidentChannelRef;
}

/**
 * Decides, when an incident opens, its severity and its channels: a target's own `channel` wins; else
 * the first routing rule that matches; else `fallback` (slack.channel). A severity configured for
 * incident channels also gets a channel of its own, named for the day, the subject and the kind.
 */
export function routeIncident(input: {
  signal: {
    kind: AlertKind;
    at: string;
    source?: SignalSource | string;
    facts: Record<string, string | number | boolean>;
  };
  target: { name: string; channel?: string | undefined };
  routing?: IncidentRouting | undefined;
  fallback?: string | undefined;
}): RoutedIncident {
  const { signal, target, routing } = input;
  const severity = severityOf(signal.kind, signal.facts, routing?.severity);
  const channels = target.channel
    ? [target.channel]
    : chooseChannels(routing?.routes ?? [], routeSubjectOf(signal, target.name, severity), input.fallback)
        .channels;
  return placeIncident({
    severity,
    channels,
    routing,
    openedAt: signal.at,
    name: target.name,
    kind: signal.kind,
  });
}

/**
 * The routed incident once its severity and channels are known: the first channel is its home, the
 * others get a link; a severity configured for incident channels also gets a channel of its own, named
 * for the day, `name` and the kind.
 */
export function placeIncident(input: {
  severity: Severity;
  channels: readonly string[];
  routing?: IncidentRouting | undefined;
  openedAt: string;
  name: string;
  kind: AlertKind;
}): RoutedIncident {
  const { severity, channels } = input;
  const [channel, ...others] = channels;
  const dedicated = input.routing?.incidentChannels;
  // Without an alert channel there is no outbox queue to carry its messages: nothing is posted anywhere.
  if (!channel || !dedicated?.severities.includes(severity)) {
    return { severity, ...(channel ? { channel } : {}), links: others.map((c) => ({ channel: c })) };
  }
  return {
    severity,
    channel,
    links: channels.map((c) => ({ channel: c })),
    incidentChannel: {
      name: incidentChannelName({
        prefix: dedicated.prefix,
        openedAt: input.openedAt,
        name: input.name,
        kind: input.kind,
      }),
      attempt: 1,
    },
  };
}
