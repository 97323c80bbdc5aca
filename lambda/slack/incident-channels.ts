import type { Incident, SlackRef } from '../domain/incident.js';
import { classifySlackError } from './errors.js';
import { createIncidentChannel } from './incident-channel-create.js';
import type { IncidentChannelsDeps } from './incident-channel-deps.js';
import { inviteToIncidentChannel } from './incident-channel-invite.js';
import { postLink, refreshLink } from './incident-channel-links.js';
import { changeChannels, ownOf, refusedForGood } from './incident-channel-state.js';

export type { IncidentChannelSettings, IncidentChannelsDeps } from './incident-channel-deps.js';

/**
 * An incident's own channel and the links to where it is followed. Each step is recorded on the
 * incident with a conditional write before the next starts, and a step whose outcome is unknown is
 * looked up (the channel by its name, a link by its metadata) before it is ever done again, so a crash
 * or a second sender never makes a second channel or a second link.
 */
export class IncidentChannels {
  constructor(private readonly deps: IncidentChannelsDeps) {}

  /** The channel the incident's root and thread belong in: its own once made, else the alert channel. */
  static homeOf(incident: Incident, alertChannel: string): string {
    const own = incident.incidentChannel;
    return own?.id && !own.failed ? own.id : alertChannel;
  }

  /** Creates the incident's channel (once) and invites the configured people (once). */
  async prepare(incident: Incident): Promise<Incident> {
    let current = incident;
    if (current.incidentChannel && !current.incidentChannel.id && !current.incidentChannel.failed)
      current = await createIncidentChannel(this.deps, current);
    const own = current.incidentChannel;
    if (own?.id && !own.failed && !own.invited)
      current = await inviteToIncidentChannel(this.deps, current, own.id);
    return current;
  }

  /**
   * Posts, in each routed channel that has none yet, a link to `home` (where the root is), and edits in
   * place a link that shows an older state (the incident resolved since). A channel that refuses for
   * good is logged and recorded, and keeps no other step waiting.
   */
  async link(incident: Incident, home: SlackRef): Promise<Incident> {
    let current = incident;
    const dedicated = home.channel === current.incidentChannel?.id;
    for (const link of current.links ?? []) {
      if (link.failed) continue;
      if (!dedicated && link.channel === current.channel) continue;
      current = link.ts
        ? await refreshLink(this.deps, current, link, home.channel, dedicated)
        : await postLink(this.deps, current, link.channel, home, dedicated);
    }
    return current;
  }

  /** Archives the incident's channel once it is resolved, when configured (already archived: done). */
  async archive(incident: Incident): Promise<Incident> {
    const own = incident.incidentChannel;
    if (incident.status !== 'resolved' || !this.deps.settings?.archiveOnResolve) return incident;
    if (!own?.id || own.failed || own.archivedAt) return incident;
    const id = own.id;
    try {
      await this.deps.admin.archive(id);
    } catch (error) {
      const failure = classifySlackError(error);
      if (!refusedForGood(failure)) throw failure;
      this.deps.log.error('could not archive the incident channel; it stays open', failure, {
        incidentId: incident.id,
        channel: id,
        reason: failure.reason,
      });
      return incident;
    }
    const at = this.deps.now().toISOString();
    let current = await changeChannels(this.deps, incident, (i) => ({
      incidentChannel: { ...ownOf(i), archivedAt: at },
    }));
    // The links now say the channel is archived (a crash before this is caught up by the next link()).
    for (const link of current.links ?? [])
      if (link.ts && !link.failed) current = await refreshLink(this.deps, current, link, id, true);
    return current;
  }
}
