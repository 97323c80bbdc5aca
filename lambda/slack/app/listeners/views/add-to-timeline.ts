import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import { slackActor } from '../../slack-actor.js';
import { decodeMessage, INCIDENT_ACTION, INCIDENT_BLOCK } from './add-to-timeline-view.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The "Add to incident timeline" modal submitted: checks (operator, incident still there: store reads)
 * answer in the modal itself; then the modal closes and the rest is handed to the worker
 * (worker/add-to-timeline.ts): chat.getPermalink, the entry (once per message and incident), its
 * delivery and the answer. Bolt's Lambda receiver answers Slack only once this returns, so no Slack call
 * is made here.
 */
export function addToTimelineSubmission(deps: SlackAppDeps) {
  return async ({ ack, view, body }: Args): Promise<void> => {
    const refuse = (text: string) =>
      ack({ response_action: 'errors', errors: { [INCIDENT_BLOCK]: text.slice(0, 2000) } });
    const decision = await deps.authorizer.check(body.user.id, 'note');
    if (!decision.allowed) return void (await refuse(decision.message));
    const message = decodeMessage(view.private_metadata);
    if (!message)
      return void (await refuse(
        'Lookout could not read which message this was; use the shortcut on it again.',
      ));
    const incidentId = view.state.values[INCIDENT_BLOCK]?.[INCIDENT_ACTION]?.selected_option?.value;
    const incident = incidentId ? await deps.store.incidents.get(incidentId) : undefined;
    if (!incidentId || !incident)
      return void (await refuse(
        `There is no incident ${incidentId ? code(incidentId) : ''}; choose another.`,
      ));
    await ack();
    const actor = slackActor({ id: body.user.id, name: body.user.name }, decision.via);
    await deps.handoff.send({
      kind: 'add-to-timeline',
      id: `add-to-timeline:${requestIdentity(body) ?? `view:${view.id}`}`,
      user: body.user.id,
      incidentId,
      message,
      by: actor.by,
      facts: actor.facts,
    });
  };
}
