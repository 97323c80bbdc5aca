import { normalizeDnsName } from '../../../../../domain/dns-name.js';
import { RECORD_TYPES } from '../../../../../domain/observation.js';
import { targetId } from '../../../../../domain/targets.js';
import { requestIdentity } from '../../../middleware/request-identity.js';
import { code } from '../../../mrkdwn.js';
import { slackActor, slackUserIdOf } from '../../../slack-actor.js';
import { noMoreThan, usageError } from './args.js';
import type { Subcommand } from './subcommand.js';
import { channelArg, isRecordType, nameAndType } from './watch-args.js';

/**
 * Names the watch list holds at most: each is probed every round from every resolver, and the probe
 * Lambda's round must stay within its interval. More belong in the config, reviewed and deployed.
 */
export const MAX_WATCHED = 100;

export const watch: Subcommand = {
  name: 'watch',
  usage: '<name> [type] [#channel]',
  help: `adds a name to the watch list, probed from the next round on without a redeploy (type ${RECORD_TYPES.join(', ')}; A when left out)`,
  async run(request) {
    const { command, deps } = request;
    noMoreThan(request, watch, 3);
    const [name, second, third] = request.args;
    // `[type] [#channel]`: the second word is the channel when it looks like one and no type is given.
    const secondIsChannel = second !== undefined && !isRecordType(second.toUpperCase()) && channelArg(second);
    const typed = secondIsChannel ? undefined : second;
    const channelWord = secondIsChannel ? second : third;
    if (secondIsChannel && third !== undefined)
      throw usageError(request, watch, `${code(watch.name)} takes no ${code(third)} there.`);
    const target = nameAndType(request, watch, name, typed);
    const channel = channelWord === undefined ? undefined : channelArg(channelWord);
    if (channelWord !== undefined && channel === undefined)
      throw usageError(request, watch, `${code(channelWord)} is not a channel; type it as #channel.`);

    const decision = await deps.authorizer.check(command.user_id, 'watch');
    if (!decision.allowed) return { text: decision.message };
    const id = targetId(target.name, target.type);
    const configured = (await deps.targets()).find((t) => t.id === id && !t.watchedBy);
    if (configured)
      return {
        text: `${code(id)} is in Lookout's config already (its \`targets:\`), so it is watched; nothing changed. The config's settings win over the watch list.`,
      };
    const listed = await deps.store.watchList.list();
    if (listed.length >= MAX_WATCHED && !listed.some((w) => w.targetId === id))
      return {
        text: `The watch list holds ${listed.length} names, its limit (${MAX_WATCHED}): ${code(`${command.command} unwatch <name>`)} one first, or add ${code(id)} to the config's \`targets:\`. Nothing changed.`,
      };
    const actor = slackActor({ id: command.user_id, name: command.user_name }, decision.via);
    const at = deps.now().toISOString();
    const added = await deps.store.watchList.add({
      targetId: id,
      name: normalizeDnsName(target.name),
      type: target.type,
      ...(channel ? { channel } : {}),
      by: actor.by,
      at,
    });
    if (!added) {
      const existing = (await deps.store.watchList.list()).find((w) => w.targetId === id);
      const who = existing ? slackUserIdOf(existing.by) : undefined;
      const since = existing ? ` since ${existing.at}` : '';
      return {
        text: `${code(id)} is on the watch list already${who ? ` (added by <@${who}>${since})` : since}; nothing changed.`,
      };
    }
    const requestId = requestIdentity(command) ?? `trigger:${command.trigger_id}`;
    await deps.store.watchList.audit({
      action: 'watch',
      targetId: id,
      by: actor.by,
      at,
      requestId,
      facts: actor.facts,
    });
    deps.log.info('watch list: added from Slack', {
      targetId: id,
      ...actor.facts,
      ...(channel ? { channel } : {}),
    });
    // A channel picked as a link has an id Slack can be asked about, after the acknowledgement; one
    // typed as a bare #name cannot be looked up without listing every channel, so the answer says so.
    const checked = channel !== undefined && !channel.startsWith('#');
    const where = !channel
      ? ''
      : checked
        ? ` Its incidents go to <#${channel}>; Lookout asks Slack now whether it can post there and tells you if not.`
        : ` Its incidents go to ${code(channel)}, which Lookout has not checked: it posts there only if the channel exists and Lookout is in it.`;
    return {
      text: `${actor.mention} added ${code(id)} to the watch list: Lookout probes it from its next round on, compared exactly, from the config's resolvers.${where} ${code(`${command.command} unwatch ${target.name} ${target.type}`)} stops it.`,
      ...(checked
        ? {
            after: () =>
              deps.handoff.send({
                kind: 'watch-channel',
                id: `watch-channel:${requestId}`,
                watchChannel: channel,
                targetId: id,
                responseUrl: command.response_url,
                user: command.user_id,
                channel: command.channel_id,
              }),
          }
        : {}),
    };
  },
};
