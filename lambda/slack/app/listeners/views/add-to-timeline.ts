import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { describeError } from '../../../../shared/describe-error.js';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code, escapeMrkdwn } from '../../mrkdwn.js';
import { slackActor } from '../../slack-actor.js';
import { tellLater } from '../../tell-later.js';
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
    let acked = false;
    const refuse = (text: string) =>
      ack({ response_action: 'errors', errors: { [INCIDENT_BLOCK]: text.slice(0, 2000) } }).then(() => {
        acked = true;
      });
    try {
      await submit();
    } catch (error) {
      // A store or hand-off failure: said in the modal while it is still open, else in a DM-capable answer.
      deps.log.error('adding a message to an incident timeline failed', error);
      const text = `Lookout could not add the message: ${describeError(error)}. Try again in a moment.`;
      if (!acked) return void (await refuse(text));
      await tellLater(deps, {
        requestId: requestIdentity(body) ?? `view:${view.id}`,
        user: body.user.id,
        text: escapeMrkdwn(text),
      }).catch((tellError: unknown) => deps.log.error('could not say that adding failed', tellError));
    }

    async function submit(): Promise<void> {
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
      acked = true;
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
    }
  };
}
