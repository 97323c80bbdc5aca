import { RECORD_TYPES, type RecordType } from '../../../../../domain/observation.js';
import { isDnsName } from '../../../../../domain/targets.js';
import { requestIdentity } from '../../../middleware/request-identity.js';
import { code } from '../../../mrkdwn.js';
import { noMoreThan, usageError } from './args.js';
import type { Subcommand } from './subcommand.js';

export const check: Subcommand = {
  name: 'check',
  usage: '<name> [type]',
  help: `asks each of Lookout's resolvers for a name now (type ${RECORD_TYPES.join(', ')}; A when left out)`,
  async run(request) {
    const [name, typed] = request.args;
    if (!name) throw usageError(request, check, 'Which name?');
    noMoreThan(request, check, 2);
    if (!isDnsName(name)) throw usageError(request, check, `${code(name)} is not a DNS name.`);
    const type = (typed ?? 'A').toUpperCase();
    if (!isRecordType(type))
      throw usageError(
        request,
        check,
        `Lookout checks ${RECORD_TYPES.join(', ')} records, not ${code(typed ?? '')}.`,
      );
    const { command, deps } = request;
    return {
      text: `Asking Lookout's resolvers for ${code(name)} ${type}; their answers follow here.`,
      // A probe can take the full DNS timeout per resolver: far past Slack's 3 seconds.
      after: () =>
        deps.handoff.send({
          kind: 'check',
          id: requestIdentity(command) ?? `trigger:${command.trigger_id}`,
          name,
          type,
          responseUrl: command.response_url,
          user: command.user_id,
          channel: command.channel_id,
        }),
    };
  },
};

function isRecordType(type: string): type is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(type);
}
