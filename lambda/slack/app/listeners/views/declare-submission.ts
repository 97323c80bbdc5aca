import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import { slackActor } from '../../slack-actor.js';
import { tellLater } from '../../tell-later.js';
import { tellingFailures } from '../tell-failures.js';
import { DECLARE_BLOCKS, decodeDeclareMetadata, readDeclareForm } from './declare-modal.js';
import { submittedOnce } from './submitted-once.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The declare modal submitted: an operator's DECLARED signal opens an incident through the incident
 * engine (routed by the channel chosen; its root is posted there by the delivery handed off). The
 * incident's id comes from the modal's view id, so even a second submission that got past the claim
 * changes nothing; the second one is told so. The delivery is handed off before the person is told,
 * and the telling is handed off too: no Slack call runs before Slack has its answer, and a channel the
 * bot is not in (where the command was typed) cannot stop the root from being posted.
 */
export function declareSubmission(deps: SlackAppDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const form = readDeclareForm(view.state.values);
    if ('problem' in form) {
      const block = DECLARE_BLOCKS.title;
      await ack({
        response_action: 'errors',
        errors: { [block]: `Lookout could not read ${form.problem}.` },
      });
      return;
    }
    await ack();
    const metadata = decodeDeclareMetadata(view.private_metadata);
    const requestId = requestIdentity(body) ?? `view:${view.id}`;
    const tell = (text: string) =>
      tellLater(deps, {
        requestId,
        user: body.user.id,
        channel: metadata?.channel || form.channel,
        responseUrl: metadata?.responseUrl,
        text,
      });
    await tellingFailures(deps, 'your declaration', tell, async () => {
      // Plain text in the modal would not render the refusal's mentions, so it is told like the rest.
      const decision = await deps.authorizer.check(body.user.id, 'declare');
      if (!decision.allowed) return void (await tell(decision.message));
      if (!(await submittedOnce(deps, view.id)))
        return void (await tell('This declaration was already submitted; nothing was declared again.'));
      const actor = slackActor({ id: body.user.id, name: body.user.name }, decision.via);
      const { incident, created } = await deps.incidents.declare({
        ...form,
        by: actor.by,
        at: deps.now().toISOString(),
        origin: view.id,
      });
      if (!created)
        return void (await tell(
          `This declaration was already submitted: it is incident ${code(incident.id)}.`,
        ));
      deps.log.info('incident declared from Slack', { incidentId: incident.id, by: actor.by });
      await deps.handoff.send({ kind: 'deliver', id: `deliver:${requestId}` });
      await tell(
        `Declared ${code(incident.id)} (${form.severity}) as ${code(actor.by)}; its message goes to <#${incident.channel ?? form.channel}>.`,
      );
    });
  };
}
