import { changeIncident } from '../../../incident-change.js';
import { changeReply, commandRequestId, incidentArg } from './incident-arg.js';
import type { Subcommand } from './subcommand.js';

export const resolve: Subcommand = {
  name: 'resolve',
  usage: '<id> [note]',
  help: 'resolves an incident, with what fixed it if you say (operators only)',
  async run(request) {
    const incidentId = incidentArg(request, resolve);
    const { command, deps } = request;
    const note = request.rest.slice(incidentId.length).trim();
    const answer = await changeIncident(deps, {
      kind: 'resolve',
      incidentId,
      user: { id: command.user_id, name: command.user_name },
      text: note || undefined,
      requestId: commandRequestId(request),
    });
    return changeReply(request, resolve, answer);
  },
};
