import { RESTORABLE_TYPES } from '../../../../../domain/route53/restorable-types.js';
import { requestIdentity } from '../../../middleware/request-identity.js';
import { code } from '../../../mrkdwn.js';
import { restoreOffMessage } from '../../../restore/messages.js';
import { openRestoreModal } from '../../../restore/open.js';
import { recordNameArg, restorableType, zoneIdArg } from '../../../restore/request.js';
import { slackActor } from '../../../slack-actor.js';
import { noMoreThan, usageError } from './args.js';
import type { Subcommand } from './subcommand.js';

export const restore: Subcommand = {
  name: 'restore',
  usage: '<zone> <name> <type>',
  help: 'puts a Route 53 record set back to its last-known-good version, after a confirmation showing the change (needs route53.restoreFromSlack)',
  async run(request) {
    const { command, deps } = request;
    const route53 = deps.config.route53;
    // Said before anything else: a person typing it needs to know it is off, whatever they typed.
    if (!route53?.restoreFromSlack || !deps.restore) return { text: restoreOffMessage(command.command) };
    const [zoneWord, nameWord, typeWord] = request.args;
    if (!zoneWord || !nameWord || !typeWord)
      throw usageError(request, restore, 'Which hosted zone, record name and type?');
    noMoreThan(request, restore, 3);
    const zoneId = zoneIdArg(zoneWord);
    if (!zoneId)
      throw usageError(
        request,
        restore,
        `${code(zoneWord)} is not a hosted zone id (e.g. Z0123456789ABCDEFGHIJ).`,
      );
    const name = recordNameArg(nameWord);
    if (!name) throw usageError(request, restore, `${code(nameWord)} is not a record name.`);
    const type = restorableType(typeWord);
    if (!type)
      throw usageError(
        request,
        restore,
        `Route 53 restores ${RESTORABLE_TYPES.join(', ')} records, not ${code(typeWord)}.`,
      );
    if (!route53.zones.some((z) => z.id === zoneId))
      throw usageError(
        request,
        restore,
        `Lookout restores only in the hosted zones of its config (${route53.zones.map((z) => code(z.id)).join(', ')}), not ${code(zoneId)}.`,
      );
    const decision = await deps.authorizer.check(command.user_id, 'restore');
    if (!decision.allowed) return { text: decision.message };
    const actor = slackActor({ id: command.user_id, name: command.user_name }, decision.via);
    const refused = await openRestoreModal({
      deps,
      client: request.client,
      triggerId: command.trigger_id,
      request: { zoneId, name, type, by: actor.by },
      responseUrl: command.response_url,
      channel: command.channel_id,
      user: command.user_id,
      requestId: requestIdentity(command) ?? `trigger:${command.trigger_id}`,
      command: command.command,
    });
    if (refused) return refused;
    return {
      text: `Lookout is reading ${code(`${name} ${type}`)} from Route 53 into the window that opened; review the change there: nothing is changed until you press Restore there.`,
    };
  },
};
