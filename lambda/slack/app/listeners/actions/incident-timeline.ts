import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import type { ButtonArgs } from './incident-button.js';

/** The root's Show timeline button: the Markdown export, uploaded by the worker into the thread. */
export function incidentTimeline(deps: SlackAppDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const incidentId = action.value ?? '';
    if (!body.response_url) {
      deps.log.warn('a Show timeline press without a response URL; nothing to answer', { incidentId });
      return;
    }
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: `Rendering ${code(incidentId)}'s timeline as Markdown; Lookout says here where it was uploaded.`,
    });
    await deps.handoff.send({
      kind: 'timeline',
      id: requestIdentity(body) ?? `trigger:${body.trigger_id}`,
      incidentId,
      responseUrl: body.response_url,
      user: body.user.id,
      channel: body.channel?.id ?? '',
    });
  };
}
