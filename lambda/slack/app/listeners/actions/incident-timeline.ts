import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import type { ButtonArgs } from './incident-button.js';

/**
 * The root's Show timeline button: the Markdown export, uploaded by the worker into the thread. The
 * worker's answer (where it went, or why not) is the only one: no Slack call before the acknowledgement.
 */
export function incidentTimeline(deps: SlackAppDeps) {
  return async ({ ack, body, action }: ButtonArgs): Promise<void> => {
    await ack();
    const incidentId = action.value ?? '';
    if (!body.response_url) {
      deps.log.warn('a Show timeline press without a response URL; nothing to answer', { incidentId });
      return;
    }
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
