import { changeIncident } from '../../../incident-change.js';
import { usageError } from './args.js';
import { changeReply, commandRequestId, incidentArg } from './incident-arg.js';
import type { Subcommand } from './subcommand.js';

/** A note is one timeline entry and one thread reply: longer text belongs in a document it links. */
export const NOTE_MAX_CHARS = 2_000;

export const note: Subcommand = {
  name: 'note',
  usage: '<id> <text>',
  help: "adds a note to an incident's timeline and thread (operators only)",
  async run(request) {
    const incidentId = incidentArg(request, note);
    const text = request.rest.slice(incidentId.length).trim();
    if (!text) throw usageError(request, note, 'What should the note say?');
    if (text.length > NOTE_MAX_CHARS)
      throw usageError(
        request,
        note,
        `A note holds at most ${NOTE_MAX_CHARS} characters; this one has ${text.length}.`,
      );
    const { command, deps } = request;
    const answer = await changeIncident(deps, {
      kind: 'note',
      incidentId,
      user: { id: command.user_id, name: command.user_name },
      text,
      requestId: commandRequestId(request),
    });
    return changeReply(request, note, answer);
  },
};
