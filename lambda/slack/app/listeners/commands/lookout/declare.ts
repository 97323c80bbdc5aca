import { code } from '../../../mrkdwn.js';
import { declareModal, TITLE_MAX_CHARS } from '../../views/declare-modal.js';
import { usageError } from './args.js';
import type { Subcommand } from './subcommand.js';

export const declare: Subcommand = {
  name: 'declare',
  usage: '<title>',
  help: 'declares an incident by hand: a form asks severity, what is affected and the channel (operators only)',
  async run(request) {
    const title = request.rest.trim();
    if (!title) throw usageError(request, declare, 'What is the incident called?');
    if (title.length > TITLE_MAX_CHARS)
      throw usageError(
        request,
        declare,
        `A title holds at most ${TITLE_MAX_CHARS} characters; this one has ${title.length}.`,
      );
    const { command, deps, client } = request;
    const decision = await deps.authorizer.check(command.user_id, 'declare');
    if (!decision.allowed) return { text: decision.message };
    // On the fast path: the trigger id opens a modal for about three seconds only.
    await client.views.open({
      trigger_id: command.trigger_id,
      view: declareModal({ title, channel: command.channel_id, responseUrl: command.response_url }),
    });
    return { text: `Declaring ${code(title)}: fill in the form Lookout opened.` };
  },
};
