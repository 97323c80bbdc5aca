import type { ChannelLink, Incident, IncidentChannelRef } from '../domain/incident.js';
import { SlackDeliveryError } from './errors.js';
import type { IncidentChannelsDeps } from './incident-channel-deps.js';

/**
 * Records a step on the incident with a conditional write: `next` sees the stored incident and returns
 * nothing when the step is already recorded there.
 * @example const current = await changeChannels(deps, incident, (i) => ({ incidentChannel: { ...ownOf(i), invited: true } }));
 */
export function changeChannels(
  deps: Pick<IncidentChannelsDeps, 'incidents'>,
  incident: Incident,
  next: (current: Incident) => Pick<Incident, 'incidentChannel' | 'links'> | undefined,
): Promise<Incident> {
  return deps.incidents.updateChannels(incident.id, next);
}

/**
 * Slack said no to this step and will again: a permanent refusal, or a scope only this step needs
 * (`channels:manage`, `usergroups:read`). Such a step is skipped and logged; pausing all delivery for it
 * would hold back the alert itself.
 * @example if (!refusedForGood(failure)) throw failure;
 */
export function refusedForGood(failure: SlackDeliveryError): boolean {
  return failure.kind === 'permanent' || (failure.kind === 'paused' && failure.reason === 'missing_scope');
}

/**
 * The incident's own channel as recorded; an incident without one is a bug upstream.
 * @example const own = ownOf(incident);
 */
export function ownOf(incident: Incident): IncidentChannelRef {
  if (!incident.incidentChannel)
    throw new SlackDeliveryError('permanent', `incident ${incident.id} has no channel of its own`);
  return incident.incidentChannel;
}

/**
 * The channel ref with its write-ahead mark dropped, once the create it guarded is recorded.
 * @example withoutSince({ ...own, id })
 */
export function withoutSince(ref: IncidentChannelRef): IncidentChannelRef {
  const { since: _done, ...rest } = ref;
  return rest;
}

/**
 * The incident's link in `channel`, if it has one.
 * @example linkOf(incident, 'C123')?.ts
 */
export function linkOf(incident: Incident, channel: string): ChannelLink | undefined {
  return incident.links?.find((l) => l.channel === channel);
}

/**
 * The incident's links with `channel`'s changed; nothing when it is already posted.
 * @example changeChannels(deps, incident, (i) => withLink(i, channel, { since }))
 */
export function withLink(
  incident: Incident,
  channel: string,
  values: Partial<ChannelLink>,
): Pick<Incident, 'links'> | undefined {
  const links = incident.links ?? [];
  if (links.find((l) => l.channel === channel)?.ts) return undefined;
  return { links: links.map((l) => (l.channel === channel ? { ...l, ...values } : l)) };
}
