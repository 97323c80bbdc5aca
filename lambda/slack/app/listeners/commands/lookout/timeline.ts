import { NotFoundError } from '../../../../../store/errors.js';
import { code } from '../../../mrkdwn.js';
import { noMoreThan, usageError } from './args.js';
import { commandRequestId, incidentArg } from './incident-arg.js';
import type { Subcommand } from './subcommand.js';

export const timeline: Subcommand = {
  name: 'timeline',
  usage: '<id>',
  help: "uploads an incident's timeline as Markdown, ready for a post-mortem",
  async run(request) {
    const incidentId = incidentArg(request, timeline);
    noMoreThan(request, timeline, 1);
    const { command, deps } = request;
    // Checked here so a mistyped id is answered at once, as a usage error, not later by the worker.
    try {
      await deps.incidents.show(incidentId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const list = code(`${command.command} incidents`);
      throw usageError(
        request,
        timeline,
        `There is no incident ${code(incidentId)}; ${list} lists their ids.`,
      );
    }
    return {
      text: `Rendering ${code(incidentId)}'s timeline as Markdown; Lookout says here where it was uploaded.`,
      after: () =>
        deps.handoff.send({
          kind: 'timeline',
          id: commandRequestId(request),
          incidentId,
          responseUrl: command.response_url,
          user: command.user_id,
          channel: command.channel_id,
        }),
    };
  },
};
