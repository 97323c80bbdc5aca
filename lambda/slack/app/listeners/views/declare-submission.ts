import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import { slackActor } from '../../slack-actor.js';
import { DECLARE_BLOCKS, decodeDeclareMetadata, readDeclareForm } from './declare-modal.js';
import { submittedOnce } from './submitted-once.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The declare modal submitted: an operator's DECLARED signal opens an incident through the incident
 * engine (routed by the channel chosen; its root is posted there by the delivery handed off). The
 * incident's id comes from the modal's view id, so even a second submission that got past the claim
 * changes nothing; the second one is told so.
 */
export function declareSubmission(deps: SlackAppDeps) {
  return async ({ ack, body, view, client }: Args): Promise<void> => {
    const form = readDeclareForm(view.state.values);
    if ('problem' in form) {
      const block = DECLARE_BLOCKS.title;
      await ack({
        response_action: 'errors',
        errors: { [block]: `Lookout could not read ${form.problem}.` },
      });
      return;
    }
    const decision = await deps.authorizer.check(body.user.id, 'declare');
    if (!decision.allowed) {
      // Plain text in the modal: the refusal's mentions would not render there, so it goes ephemerally.
      await ack();
      const where = decodeDeclareMetadata(view.private_metadata)?.channel || form.channel;
      await client.chat.postEphemeral({ channel: where, user: body.user.id, text: decision.message });
      return;
    }
    await ack();
    const where = decodeDeclareMetadata(view.private_metadata)?.channel || form.channel;
    const tell = (text: string) => client.chat.postEphemeral({ channel: where, user: body.user.id, text });
    if (!(await submittedOnce(deps, view.id))) {
      await tell('This declaration was already submitted; nothing was declared again.');
      return;
    }
    const actor = slackActor({ id: body.user.id, name: body.user.name }, decision.via);
    const { incident, created } = await deps.incidents.declare({
      ...form,
      by: actor.by,
      at: deps.now().toISOString(),
      origin: view.id,
    });
    if (!created) {
      await tell(`This declaration was already submitted: it is incident ${code(incident.id)}.`);
      return;
    }
    deps.log.info('incident declared from Slack', { incidentId: incident.id, by: actor.by });
    await tell(
      `Declared ${code(incident.id)} (${form.severity}) as ${code(actor.by)}; its message goes to <#${incident.channel ?? form.channel}>.`,
    );
    await deps.handoff.send({ kind: 'deliver', id: `deliver:${requestIdentity(body) ?? `view:${view.id}`}` });
  };
}
