import type { Incident } from '../domain/incident.js';
import type { InviteResult } from './channel-admin.js';
import { classifySlackError } from './errors.js';
import type { IncidentChannelsDeps } from './incident-channel-deps.js';
import { changeChannels, ownOf, refusedForGood } from './incident-channel-state.js';

/**
 * Invites the configured users and the members of the configured user groups to the incident's channel
 * (once); people Slack will not invite are logged, and keep nobody else out.
 * @example const current = await inviteToIncidentChannel(deps, incident, own.id);
 */
export async function inviteToIncidentChannel(
  deps: IncidentChannelsDeps,
  incident: Incident,
  channel: string,
): Promise<Incident> {
  const settings = deps.settings;
  const users = new Set(settings?.invite.users ?? []);
  for (const group of settings?.invite.usergroups ?? []) {
    try {
      for (const user of await deps.admin.usergroupMembers(group)) users.add(user);
    } catch (error) {
      const failure = classifySlackError(error);
      if (!refusedForGood(failure)) throw failure;
      deps.log.warn('could not read a user group to invite; inviting the others', {
        incidentId: incident.id,
        usergroup: group,
        reason: failure.reason,
      });
    }
  }
  if (users.size) {
    let result: InviteResult;
    try {
      result = await deps.admin.invite(channel, [...users]);
    } catch (error) {
      const failure = classifySlackError(error);
      if (!refusedForGood(failure)) throw failure;
      result = { invited: [], refused: [...users].map((user) => ({ user, error: failure.reason })) };
    }
    const refused = result.refused.filter((r) => r.error !== 'already_in_channel');
    if (refused.length)
      deps.log.warn('some people could not be invited to the incident channel', {
        incidentId: incident.id,
        channel,
        refused: refused.map((r) => `${r.user}: ${r.error}`).join(', '),
      });
  }
  return changeChannels(deps, incident, (i) => ({ incidentChannel: { ...ownOf(i), invited: true } }));
}
