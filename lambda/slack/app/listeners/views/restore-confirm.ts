import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import { isSlackResponseUrl, postToResponseUrl } from '../../response-url.js';
import { restoreOffMessage } from '../../restore/messages.js';
import { parseRestoreMetadata, restoreMessageView } from '../../restore/modal.js';
import { slackActor } from '../../slack-actor.js';
import { submittedOnce } from './submitted-once.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Restore pressed in the confirmation modal: the person is authorized again (the one who submits is
 * the one recorded), then the modal closes and the restore is handed to the worker, which answers
 * through the response URL of the command or button that opened the modal. A refusal replaces the
 * modal's content with the reason, as does a second submission of the same modal (claimed by its view
 * id: each submission has a new trigger id, so middleware/claim-request.ts does not see it twice).
 */
export function restoreConfirmSubmission(deps: SlackAppDeps) {
  return async ({ ack, view, body }: Args): Promise<void> => {
    const refuse = (text: string) => ack({ response_action: 'update', view: restoreMessageView(text) });
    const metadata = parseRestoreMetadata(view.private_metadata);
    if (!metadata)
      return void (await refuse(
        'Lookout could not read which record this modal was for; nothing was changed. Start the restore again.',
      ));
    const route53 = deps.config.route53;
    if (!deps.restore || !route53?.restoreFromSlack)
      return void (await refuse(restoreOffMessage('/lookout')));
    // The metadata came back through Slack: only a configured zone may be changed, and only Slack's
    // hooks may receive the answers.
    if (!route53.zones.some((z) => z.id === metadata.zoneId))
      return void (await refuse(
        `Lookout restores only in the hosted zones of its config (${route53.zones.map((z) => code(z.id)).join(', ')}), not ${code(metadata.zoneId)}; nothing was changed.`,
      ));
    if (!isSlackResponseUrl(metadata.responseUrl, deps.slackApiUrl)) {
      deps.log.warn("restore from Slack: refused a modal whose response URL is not Slack's", {
        viewId: view.id,
      });
      return void (await refuse(
        "Lookout could not tell where to answer this restore (the modal carried an address that is not Slack's); nothing was changed. Start the restore again.",
      ));
    }
    const decision = await deps.authorizer.check(body.user.id, 'restore');
    if (!decision.allowed) return void (await refuse(decision.message));
    const actor = slackActor({ id: body.user.id, name: body.user.name }, decision.via);
    // A second submission of the modal comes with a new trigger id; the modal's own id is the same.
    if (!(await submittedOnce(deps, view.id)))
      return void (await refuse(
        `This restore of ${code(`${metadata.name} ${metadata.type}`)} was already submitted; it runs once, and its steps go to the incident thread. Nothing was started again.`,
      ));
    await ack();
    const { responseUrl, channel, ...record } = metadata;
    try {
      await deps.handoff.send({
        kind: 'restore',
        id: requestIdentity(body) ?? `view:${view.id}`,
        ...record,
        by: actor.by,
        responseUrl,
        user: body.user.id,
        channel,
      });
    } catch (error) {
      deps.log.error('restore from Slack: could not hand the restore to the worker', error, { ...record });
      await postToResponseUrl(responseUrl, {
        text: `Lookout could not start the restore of ${code(`${record.name} ${record.type}`)}; nothing was changed. Try again in a moment.`,
      }).catch((answerError: unknown) =>
        deps.log.error('could not say the restore did not start', answerError),
      );
    }
  };
}
