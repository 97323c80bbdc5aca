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
 * (`facts.zoneId`), by a zone whose `names` list the record, or by the one configured zone when it is
 * watched whole (`names: []`). A DNS-probe incident on a name no configured zone claims gets no
 * button: the worker may change only the configured zones.
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
      : (route53.zones.find((z) => z.names.some((n) => n.toLowerCase().replace(/\.$/, '') === name)) ??
        onlyZoneWatchedWhole(route53.zones));
  return zone ? { zoneId: zone.id, name, type } : undefined;
}

/**
 * `names: []` watches a whole zone, but the config holds no zone's DNS name, so which zone holds a name
 * cannot be read from it. Only a configuration of exactly one zone, watched whole, leaves one zone the
 * record can be in; beside any other zone (its domain unknown too) the name may as well be there, and
 * restoring into the wrong zone is worse than no button. The confirmation plans against that zone's
 * own records and history before anything is offered for submission, so a name the zone never held
 * finds no last-known-good there and nothing is changed.
 */
function onlyZoneWatchedWhole(zones: RestoreSettings['zones']): RestoreSettings['zones'][number] | undefined {
  const [only, ...others] = zones;
  return only && !others.length && !only.names.length ? only : undefined;
}
