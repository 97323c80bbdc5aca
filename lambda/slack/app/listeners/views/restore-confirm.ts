import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import { postToResponseUrl } from '../../response-url.js';
import { restoreOffMessage } from '../../restore/messages.js';
import { parseRestoreMetadata, restoreMessageView } from '../../restore/modal.js';
import { slackActor } from '../../slack-actor.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Restore pressed in the confirmation modal: the person is authorized again (the one who submits is
 * the one recorded), then the modal closes and the restore is handed to the worker, which answers
 * through the response URL of the command or button that opened the modal. A refusal replaces the
 * modal's content with the reason. A second submission of the same modal is the same request
 * (its trigger id) and is only acknowledged (middleware/claim-request.ts).
 */
export function restoreConfirmSubmission(deps: SlackAppDeps) {
  return async ({ ack, view, body }: Args): Promise<void> => {
    const refuse = (text: string) => ack({ response_action: 'update', view: restoreMessageView(text) });
    const metadata = parseRestoreMetadata(view.private_metadata);
    if (!metadata)
      return void (await refuse(
        'Lookout could not read which record this modal was for; nothing was changed. Start the restore again.',
      ));
    if (!deps.restore || !deps.config.route53?.restoreFromSlack)
      return void (await refuse(restoreOffMessage('/lookout')));
    const decision = await deps.authorizer.check(body.user.id, 'restore');
    if (!decision.allowed) return void (await refuse(decision.message));
    const actor = slackActor({ id: body.user.id, name: body.user.name }, decision.via);
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
