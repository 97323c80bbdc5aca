import { targetId } from '../../../../../domain/targets.js';
import { requestIdentity } from '../../../middleware/request-identity.js';
import { code } from '../../../mrkdwn.js';
import { slackActor } from '../../../slack-actor.js';
import { noMoreThan } from './args.js';
import type { Subcommand } from './subcommand.js';
import { nameAndType } from './watch-args.js';

export const unwatch: Subcommand = {
  name: 'unwatch',
  usage: '<name> [type]',
  help: 'removes a name watched from Slack (A when no type is given); names in the config stay',
  async run(request) {
    const { command, deps } = request;
    noMoreThan(request, unwatch, 2);
    const target = nameAndType(request, unwatch, request.args[0], request.args[1]);
    const decision = await deps.authorizer.check(command.user_id, 'unwatch');
    if (!decision.allowed) return { text: decision.message };
    const id = targetId(target.name, target.type);
    if ((await deps.targets()).some((t) => t.id === id && !t.watchedBy))
      return {
        text: `${code(id)} is in Lookout's config (its \`targets:\`), not on the watch list: remove it from the config and deploy to stop watching it. Nothing changed.`,
      };
    const removed = await deps.store.watchList.remove(id);
    if (!removed)
      return {
        text: `${code(id)} is not on the watch list; nothing changed. ${code(`${command.command} status`)} lists what is watched.`,
      };
    const actor = slackActor({ id: command.user_id, name: command.user_name }, decision.via);
    const at = deps.now().toISOString();
    const requestId = requestIdentity(command) ?? `trigger:${command.trigger_id}`;
    await deps.store.watchList.audit({
      action: 'unwatch',
      targetId: id,
      by: actor.by,
      at,
      requestId,
      facts: actor.facts,
    });
    deps.log.info('watch list: removed from Slack', { targetId: id, ...actor.facts });
    return {
      text: `${actor.mention} removed ${code(id)} from the watch list: the next probe round no longer asks for it. Its stored state and incidents stay.`,
    };
  },
};
