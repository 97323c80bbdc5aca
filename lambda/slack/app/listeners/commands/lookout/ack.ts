import { changeIncident } from '../../../incident-change.js';
import { noMoreThan } from './args.js';
import { changeReply, commandRequestId, incidentArg } from './incident-arg.js';
import type { Subcommand } from './subcommand.js';

export const ack: Subcommand = {
  name: 'ack',
  usage: '<id>',
  help: 'acknowledges an open incident: you own it now (operators only)',
  async run(request) {
    const incidentId = incidentArg(request, ack);
    noMoreThan(request, ack, 1);
    const { command, deps } = request;
    const answer = await changeIncident(deps, {
      kind: 'ack',
      incidentId,
      user: { id: command.user_id, name: command.user_name },
      requestId: commandRequestId(request),
    });
    return changeReply(request, ack, answer);
  },
};
