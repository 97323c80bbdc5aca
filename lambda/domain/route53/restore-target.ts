import type { Incident } from '../incident.js';

/** What `restore` would put back for an incident: one record set in one configured hosted zone. */
export interface RestoreTarget {
  zoneId: string;
  name: string;
  type: string;
}

/** The parts of `route53:` that decide whether restore from Slack is offered. */
export interface RestoreSettings {
  restoreFromSlack: boolean;
  zones: readonly { id: string; names: readonly string[] }[];
}

/**
 * Whether a Restore last-known-good button belongs on an incident, and what it would restore:
 * restore from Slack is on, the incident is not resolved, it is about one record (not a shared
 * cause), and its hosted zone is one Lookout is configured for — named by the Route 53 evidence
 * (`facts.zoneId`) or by a zone whose `names` list the record. A DNS-probe incident on a name no
 * configured zone claims gets no button: the worker may change only the configured zones.
 */
export function restoreTargetOf(
  incident: Pick<Incident, 'targetId' | 'status' | 'facts' | 'cause'>,
  route53: RestoreSettings | undefined,
): RestoreTarget | undefined {
  if (!route53?.restoreFromSlack || incident.status === 'resolved' || incident.cause) return undefined;
  const slash = incident.targetId.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const name = incident.targetId.slice(0, slash);
  const type = incident.targetId.slice(slash + 1);
  const named = incident.facts.zoneId;
  const zone =
    typeof named === 'string' && named
      ? route53.zones.find((z) => z.id === named.replace(/^\/hostedzone\//, ''))
      : route53.zones.find((z) => z.names.some((n) => n.toLowerCase().replace(/\.$/, '') === name));
  return zone ? { zoneId: zone.id, name, type } : undefined;
}
