import type { IncidentChangeAnswer } from '../../../incident-change.js';
import { code } from '../../../mrkdwn.js';
import { usageError } from './args.js';
import type { Subcommand, SubcommandReply, SubcommandRequest } from './subcommand.js';

/** The incident id a subcommand takes first, or a usage error saying it is missing. */
export function incidentArg(request: SubcommandRequest, self: Subcommand): string {
  const id = request.args[0];
  if (!id) throw usageError(request, self, 'Which incident?');
  return id;
}

/** A change's answer as the subcommand's reply; an unknown id is a usage error naming where ids are. */
export function changeReply(
  request: SubcommandRequest,
  self: Subcommand,
  answer: IncidentChangeAnswer & { deliver?: () => Promise<void> },
): SubcommandReply {
  if (answer.outcome === 'missing') {
    const list = code(`${request.command.command} incidents`);
    const id = request.args[0] ?? '';
    throw usageError(request, self, `There is no incident ${code(id)}; ${list} lists their ids.`);
  }
  return { text: answer.text, ...(answer.deliver ? { after: answer.deliver } : {}) };
}

/** The request's identity (the claim middleware's), for the jobs it hands off. */
export function commandRequestId(request: SubcommandRequest): string {
  return `trigger:${request.command.trigger_id}`;
}
