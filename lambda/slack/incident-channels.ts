import type { ChannelLink, Incident, IncidentChannelRef, SlackRef } from '../domain/incident.js';
import { withSuffix } from '../domain/routing/channel-name.js';
import { type LinkState, linkStateOf, renderChannelLink } from '../domain/routing/link-message.js';
import type { IncidentReader } from '../store/ports.js';
import type { ChannelAdminPort, InviteResult } from './channel-admin.js';
import { classifySlackError, SlackDeliveryError } from './errors.js';
import { findEarlierPost } from './post-lookup.js';
import type { DeliveryLogger, SlackPort } from './slack-port.js';

/** What slack.incidentChannels says about people and archiving (the severities were applied at open). */
export interface IncidentChannelSettings {
  invite: { users: readonly string[]; usergroups: readonly string[] };
  archiveOnResolve: boolean;
}

export interface IncidentChannelsDeps {
  slack: SlackPort;
  admin: ChannelAdminPort;
  incidents: Required<Pick<IncidentReader, 'updateChannels'>>;
  /** Absent: the config no longer names any (channels already made are still used, nobody is invited). */
  settings?: IncidentChannelSettings | undefined;
  now: () => Date;
  log: DeliveryLogger;
  /** As for posts: how long a create or link of unknown outcome that a lookup cannot find is awaited. */
  graceMs: number;
}

/** `-2` … `-20`: a day with more incidents of one kind and subject than that is a storm (out of scope). */
const MAX_NAME_ATTEMPTS = 20;
const LINK_ENTRY = 'link';

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
      current = await this.create(current);
    const own = current.incidentChannel;
    if (own?.id && !own.failed && !own.invited) current = await this.invite(current, own.id);
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
        ? await this.refreshLink(current, link, home.channel, dedicated)
        : await this.postLink(current, link.channel, home, dedicated);
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
    let current = await this.change(incident, (i) => ({ incidentChannel: { ...ownOf(i), archivedAt: at } }));
    // The links now say the channel is archived (a crash before this is caught up by the next link()).
    for (const link of current.links ?? [])
      if (link.ts && !link.failed) current = await this.refreshLink(current, link, id, true);
    return current;
  }

  private async create(incident: Incident): Promise<Incident> {
    let current = incident;
    for (let step = 0; step < MAX_NAME_ATTEMPTS * 2; step++) {
      const own = ownOf(current);
      if (own.id || own.failed) return current;
      const name = withSuffix(own.name, own.attempt);
      if (own.since) {
        // An earlier create of this name may have been performed although its answer was lost.
        const found = await findEarlierPost(
          async () => {
            const channel = await this.deps.admin.findChannel(name);
            return channel && !channel.archived ? { channel: channel.id, ts: '' } : undefined;
          },
          own.since,
          this.deps.now().getTime(),
          this.deps.graceMs,
        );
        if (found) return this.recordId(current, found.channel, name, true);
      }
      // Write-ahead, and only over what this attempt read: a sender that started a create of this name
      // meanwhile is looked up (above, on the next turn), never raced with a second create.
      const since = this.deps.now().toISOString();
      current = await this.change(current, (i) => {
        const stored = ownOf(i);
        if (stored.id || stored.failed || stored.attempt !== own.attempt || stored.since !== own.since)
          return undefined;
        return { incidentChannel: { ...stored, since } };
      });
      if (ownOf(current).since !== since) continue;
      let id: string;
      try {
        id = await this.deps.admin.createChannel(name);
      } catch (error) {
        const failure = classifySlackError(error);
        if (failure.reason === 'name_taken' && own.attempt < MAX_NAME_ATTEMPTS) {
          // Not ours (an earlier attempt of ours would have been found above): the next name.
          this.deps.log.info('incident channel name taken; trying the next', {
            incidentId: incident.id,
            name,
          });
          current = await this.change(current, (i) => {
            const stored = ownOf(i);
            if (stored.id || stored.attempt !== own.attempt || stored.since !== since) return undefined;
            const { since: _tried, ...rest } = stored;
            return { incidentChannel: { ...rest, attempt: own.attempt + 1 } };
          });
          continue;
        }
        if (!refusedForGood(failure)) throw failure;
        // Refused for good (no permission to create channels, say): the incident is still announced, in its alert channel.
        this.deps.log.error('could not create the incident channel; posting in the alert channel', failure, {
          incidentId: incident.id,
          name,
          reason: failure.reason,
        });
        return this.change(current, (i) =>
          ownOf(i).id ? undefined : { incidentChannel: { ...ownOf(i), failed: failure.reason } },
        );
      }
      return this.recordId(current, id, name, false);
    }
    throw new SlackDeliveryError('permanent', `incident channel for ${incident.id}: no free name`);
  }

  private async recordId(incident: Incident, id: string, name: string, found: boolean): Promise<Incident> {
    const stored = await this.change(incident, (i) => {
      const own = ownOf(i);
      return own.id ? undefined : { incidentChannel: withoutSince({ ...own, id }) };
    });
    const winner = ownOf(stored).id;
    if (winner !== id)
      // Another sender made one first: its channel is the incident's; ours is left empty.
      this.deps.log.warn('another sender created this incident channel first; using its channel', {
        incidentId: incident.id,
        winner,
        duplicate: id,
      });
    else
      this.deps.log.info(
        found ? 'found the incident channel an earlier attempt created' : 'incident channel created',
        {
          incidentId: incident.id,
          channel: id,
          name,
        },
      );
    return stored;
  }

  private async invite(incident: Incident, channel: string): Promise<Incident> {
    const settings = this.deps.settings;
    const users = new Set(settings?.invite.users ?? []);
    for (const group of settings?.invite.usergroups ?? []) {
      try {
        for (const user of await this.deps.admin.usergroupMembers(group)) users.add(user);
      } catch (error) {
        const failure = classifySlackError(error);
        if (!refusedForGood(failure)) throw failure;
        this.deps.log.warn('could not read a user group to invite; inviting the others', {
          incidentId: incident.id,
          usergroup: group,
          reason: failure.reason,
        });
      }
    }
    if (users.size) {
      let result: InviteResult;
      try {
        result = await this.deps.admin.invite(channel, [...users]);
      } catch (error) {
        const failure = classifySlackError(error);
        if (!refusedForGood(failure)) throw failure;
        result = { invited: [], refused: [...users].map((user) => ({ user, error: failure.reason })) };
      }
      const refused = result.refused.filter((r) => r.error !== 'already_in_channel');
      if (refused.length)
        this.deps.log.warn('some people could not be invited to the incident channel', {
          incidentId: incident.id,
          channel,
          refused: refused.map((r) => `${r.user}: ${r.error}`).join(', '),
        });
    }
    return this.change(incident, (i) => ({ incidentChannel: { ...ownOf(i), invited: true } }));
  }

  private async postLink(incident: Incident, channel: string, home: SlackRef, dedicated: boolean) {
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
          () => this.deps.slack.findRoot(channel, key, Date.parse(since)),
          since,
          this.deps.now().getTime(),
          this.deps.graceMs,
        );
        ts = found?.ts;
        channelId = found?.channel;
        // Found again after a crash: what it shows is not known, so it counts as the first state.
        if (found) shows = 'open';
      }
      if (!ts) {
        const since = this.deps.now().toISOString();
        incident = await this.change(incident, (i) => withLink(i, channel, { since }));
        // Another sender posted it meanwhile.
        if (linkOf(incident, channel)?.ts) return incident;
        shows = linkStateOf(incident);
        const posted = await this.deps.slack.postRoot(
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
      this.deps.log.error('could not post the incident link in a routed channel', failure, {
        incidentId: incident.id,
        channel,
        reason: failure.reason,
      });
      return this.change(incident, (i) => withLink(i, channel, { failed: failure.reason }));
    }
    const posted = { ts, ...(channelId ? { channelId } : {}), shows };
    return this.change(incident, (i) => withLink(i, channel, posted));
  }

  /**
   * Edits a posted link to show the incident's state now (resolved, its channel archived), then
   * records what it shows with a conditional write. chat.update is idempotent: a crash between the edit
   * and the record only repeats the same edit. A link Slack will not edit for good (deleted, say) is
   * logged and recorded as shown, so it is not tried on every delivery.
   */
  private async refreshLink(
    incident: Incident,
    link: ChannelLink,
    home: string,
    dedicated: boolean,
  ): Promise<Incident> {
    const state = linkStateOf(incident);
    if ((link.shows ?? 'open') === state || !link.ts) return incident;
    const ts = link.ts;
    try {
      await this.deps.slack.updateRoot(
        { channel: link.channelId ?? link.channel, ts },
        renderChannelLink(incident, home, dedicated),
      );
    } catch (error) {
      const failure = classifySlackError(error);
      if (!refusedForGood(failure)) throw failure;
      this.deps.log.warn('could not update the incident link in a routed channel; it stays as it was', {
        incidentId: incident.id,
        channel: link.channel,
        reason: failure.reason,
      });
    }
    return this.change(incident, (i) => {
      const links = i.links ?? [];
      const stored = links.find((l) => l.channel === link.channel);
      if (stored?.ts !== ts || stored.shows === state) return undefined;
      return { links: links.map((l) => (l === stored ? { ...l, shows: state } : l)) };
    });
  }

  private change(
    incident: Incident,
    next: (current: Incident) => Pick<Incident, 'incidentChannel' | 'links'> | undefined,
  ): Promise<Incident> {
    return this.deps.incidents.updateChannels(incident.id, next);
  }
}

/**
 * Slack said no to this step and will again: a permanent refusal, or a scope only this step needs
 * (`channels:manage`, `usergroups:read`). Such a step is skipped and logged; pausing all delivery for it
 * would hold back the alert itself.
 */
function refusedForGood(failure: SlackDeliveryError): boolean {
  return failure.kind === 'permanent' || (failure.kind === 'paused' && failure.reason === 'missing_scope');
}

function ownOf(incident: Incident): IncidentChannelRef {
  if (!incident.incidentChannel)
    throw new SlackDeliveryError('permanent', `incident ${incident.id} has no channel of its own`);
  return incident.incidentChannel;
}

function withoutSince(ref: IncidentChannelRef): IncidentChannelRef {
  const { since: _done, ...rest } = ref;
  return rest;
}

function linkOf(incident: Incident, channel: string): ChannelLink | undefined {
  return incident.links?.find((l) => l.channel === channel);
}

/** The incident's links with `channel`'s changed; nothing when it is already posted. */
function withLink(
  incident: Incident,
  channel: string,
  values: Partial<ChannelLink>,
): Pick<Incident, 'links'> | undefined {
  const links = incident.links ?? [];
  if (links.find((l) => l.channel === channel)?.ts) return undefined;
  return { links: links.map((l) => (l.channel === channel ? { ...l, ...values } : l)) };
}
