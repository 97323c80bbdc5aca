import type { ChannelLink, Incident, SlackRef } from '../domain/incident.js';
import { type LinkState, linkStateOf, renderChannelLink } from '../domain/routing/link-message.js';
import { classifySlackError } from './errors.js';
import type { IncidentChannelsDeps } from './incident-channel-deps.js';
import { changeChannels, linkOf, refusedForGood, withLink } from './incident-channel-state.js';
import { findEarlierPost } from './post-lookup.js';

const LINK_ENTRY = 'link';

/**
 * Posts, once, the link in `channel` to `home` (where the root is): written ahead, and a post of unknown
 * outcome is looked up by its metadata before it is ever posted again. A channel that refuses for good is
 * logged and recorded.
 * @example const current = await postLink(deps, incident, 'C123', home, true);
 */
export async function postLink(
  deps: IncidentChannelsDeps,
  incident: Incident,
  channel: string,
  home: SlackRef,
  dedicated: boolean,
): Promise<Incident> {
  const key = { incident: incident.id, entry: LINK_ENTRY };
  const link = linkOf(incident, channel);
  let ts: string | undefined;
  let channelId: string | undefined;
  // What the link is rendered from; recorded with its ts, so a later change of state is seen.
  let shows: LinkState = linkStateOf(incident);
  try {
    if (link?.since) {
      const since = link.since;
      const found = await findEarlierPost(
        () => deps.slack.findRoot(channel, key, Date.parse(since)),
        since,
        deps.now().getTime(),
        deps.graceMs,
      );
      ts = found?.ts;
      channelId = found?.channel;
      // Found again after a crash: what it shows is not known, so it counts as the first state.
      if (found) shows = 'open';
    }
    if (!ts) {
      const since = deps.now().toISOString();
      incident = await changeChannels(deps, incident, (i) => withLink(i, channel, { since }));
      // Another sender posted it meanwhile.
      if (linkOf(incident, channel)?.ts) return incident;
      shows = linkStateOf(incident);
      const posted = await deps.slack.postRoot(
        channel,
        renderChannelLink(incident, home.channel, dedicated),
        key,
      );
      ts = posted.ts;
      channelId = posted.channel;
    }
  } catch (error) {
    const failure = classifySlackError(error);
    if (!refusedForGood(failure)) throw failure;
    deps.log.error('could not post the incident link in a routed channel', failure, {
      incidentId: incident.id,
      channel,
      reason: failure.reason,
    });
    return changeChannels(deps, incident, (i) => withLink(i, channel, { failed: failure.reason }));
  }
  const posted = { ts, ...(channelId ? { channelId } : {}), shows };
  return changeChannels(deps, incident, (i) => withLink(i, channel, posted));
}

/**
 * Edits a posted link to show the incident's state now (resolved, its channel archived), then
 * records what it shows with a conditional write. chat.update is idempotent: a crash between the edit
 * and the record only repeats the same edit. A link Slack will not edit for good (deleted, say) is
 * logged and recorded as shown, so it is not tried on every delivery.
 * @example const current = await refreshLink(deps, incident, link, home.channel, true);
 */
export async function refreshLink(
  deps: IncidentChannelsDeps,
  incident: Incident,
  link: ChannelLink,
  home: string,
  dedicated: boolean,
): Promise<Incident> {
  const state = linkStateOf(incident);
  if ((link.shows ?? 'open') === state || !link.ts) return incident;
  const ts = link.ts;
  try {
    await deps.slack.updateRoot(
      { channel: link.channelId ?? link.channel, ts },
      renderChannelLink(incident, home, dedicated),
    );
  } catch (error) {
    const failure = classifySlackError(error);
    if (!refusedForGood(failure)) throw failure;
    deps.log.warn('could not update the incident link in a routed channel; it stays as it was', {
      incidentId: incident.id,
      channel: link.channel,
      reason: failure.reason,
    });
  }
  return changeChannels(deps, incident, (i) => {
    const links = i.links ?? [];
    const stored = links.find((l) => l.channel === link.channel);
    if (stored?.ts !== ts || stored.shows === state) return undefined;
    return { links: links.map((l) => (l === stored ? { ...l, shows: state } : l)) };
  });
}
