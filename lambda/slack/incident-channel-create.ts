import type { Incident } from '../domain/incident.js';
import { withSuffix } from '../domain/routing/channel-name.js';
import { classifySlackError, SlackDeliveryError } from './errors.js';
import type { IncidentChannelsDeps } from './incident-channel-deps.js';
import { changeChannels, ownOf, refusedForGood, withoutSince } from './incident-channel-state.js';
import { findEarlierPost } from './post-lookup.js';

/** `-2` … `-20`: a day with more incidents of one kind and subject than that is a storm (out of scope). */
const MAX_NAME_ATTEMPTS = 20;

/**
 * Creates the incident's channel once: each name is written ahead before its create, and a create of
 * unknown outcome is looked up by the channel's name before the name is ever created again.
 * @example const current = await createIncidentChannel(deps, incident);
 */
export async function createIncidentChannel(
  deps: IncidentChannelsDeps,
  incident: Incident,
): Promise<Incident> {
  let current = incident;
  for (let step = 0; step < MAX_NAME_ATTEMPTS * 2; step++) {
    const own = ownOf(current);
    if (own.id || own.failed) return current;
    const name = withSuffix(own.name, own.attempt);
    if (own.since) {
      // An earlier create of this name may have been performed although its answer was lost.
      const found = await findEarlierPost(
        async () => {
          const channel = await deps.admin.findChannel(name);
          return channel && !channel.archived ? { channel: channel.id, ts: '' } : undefined;
        },
        own.since,
        deps.now().getTime(),
        deps.graceMs,
      );
      if (found) return recordId(deps, current, found.channel, name, true);
    }
    // Write-ahead, and only over what this attempt read: a sender that started a create of this name
    // meanwhile is looked up (above, on the next turn), never raced with a second create.
    const since = deps.now().toISOString();
    current = await changeChannels(deps, current, (i) => {
      const stored = ownOf(i);
      if (stored.id || stored.failed || stored.attempt !== own.attempt || stored.since !== own.since)
        return undefined;
      return { incidentChannel: { ...stored, since } };
    });
    if (ownOf(current).since !== since) continue;
    let id: string;
    try {
      id = await deps.admin.createChannel(name);
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.reason === 'name_taken' && own.attempt < MAX_NAME_ATTEMPTS) {
        // Not ours (an earlier attempt of ours would have been found above): the next name.
        deps.log.info('incident channel name taken; trying the next', {
          incidentId: incident.id,
          name,
        });
        current = await changeChannels(deps, current, (i) => {
          const stored = ownOf(i);
          if (stored.id || stored.attempt !== own.attempt || stored.since !== since) return undefined;
          const { since: _tried, ...rest } = stored;
          return { incidentChannel: { ...rest, attempt: own.attempt + 1 } };
        });
        continue;
      }
      if (!refusedForGood(failure)) throw failure;
      // Refused for good (no permission to create channels, say): the incident is still announced, in its alert channel.
      deps.log.error('could not create the incident channel; posting in the alert channel', failure, {
        incidentId: incident.id,
        name,
        reason: failure.reason,
      });
      return changeChannels(deps, current, (i) =>
        ownOf(i).id ? undefined : { incidentChannel: { ...ownOf(i), failed: failure.reason } },
      );
    }
    return recordId(deps, current, id, name, false);
  }
  throw new SlackDeliveryError('permanent', `incident channel for ${incident.id}: no free name`);
}

async function recordId(
  deps: IncidentChannelsDeps,
  incident: Incident,
  id: string,
  name: string,
  found: boolean,
): Promise<Incident> {
  const stored = await changeChannels(deps, incident, (i) => {
    const own = ownOf(i);
    return own.id ? undefined : { incidentChannel: withoutSince({ ...own, id }) };
  });
  const winner = ownOf(stored).id;
  if (winner !== id)
    // Another sender made one first: its channel is the incident's; ours is left empty.
    deps.log.warn('another sender created this incident channel first; using its channel', {
      incidentId: incident.id,
      winner,
      duplicate: id,
    });
  else
    deps.log.info(
      found ? 'found the incident channel an earlier attempt created' : 'incident channel created',
      {
        incidentId: incident.id,
        channel: id,
        name,
      },
    );
  return stored;
}
