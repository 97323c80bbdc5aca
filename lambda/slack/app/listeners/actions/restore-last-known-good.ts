import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { restoreTargetOf } from '../../../../domain/route53/restore-target.js';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import { restoreOffMessage } from '../../restore/messages.js';
import { openRestoreModal } from '../../restore/open.js';
import { slackActor } from '../../slack-actor.js';
import { tellingFailures } from '../tell-failures.js';
import { tellButtonPresser } from './incident-button.js';

/** The root's "Restore last-known-good" button: its value is the incident id. */
export const RESTORE_ACTION = 'restore_last_known_good';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * Opens the restore confirmation for the incident's record set (restoreTargetOf says which, and
 * whether restore applies at all). Anything that stops it is told to the person ephemerally.
 */
export function restoreLastKnownGood(deps: SlackAppDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    const requestId = requestIdentity(body) ?? `trigger:${body.trigger_id}`;
    const say = (text: string) => tellButtonPresser(deps, body, requestId, text);
    await tellingFailures(deps, 'the Restore last-known-good button', say, async () => {
      if (!deps.restore || !deps.config.route53?.restoreFromSlack)
        return void (await say(restoreOffMessage('/lookout')));
      const incident = action.value ? await deps.store.incidents.get(action.value) : undefined;
      if (!incident)
        return void (await say(`There is no incident ${code(action.value ?? '')}; nothing was changed.`));
      const target = restoreTargetOf(incident, deps.config.route53);
      if (!target)
        return void (await say(
          incident.status === 'resolved'
            ? `Incident ${code(incident.id)} is resolved; nothing was changed. ${code('/lookout restore <zone> <name> <type>')} restores a record set by hand.`
            : `Restore does not apply to incident ${code(incident.id)}: it is not about a record set in one of the hosted zones Lookout is configured for. Nothing was changed.`,
        ));
      const decision = await deps.authorizer.check(body.user.id, 'restore');
      if (!decision.allowed) return void (await say(decision.message));
      const actor = slackActor(
        { id: body.user.id, name: body.user.username ?? body.user.name },
        decision.via,
      );
      const refused = await openRestoreModal({
        deps,
        client,
        triggerId: body.trigger_id,
        request: { ...target, incidentId: incident.id, by: actor.by },
        responseUrl: body.response_url,
        channel: body.channel?.id ?? incident.channel ?? body.user.id,
        user: body.user.id,
        requestId,
        command: '/lookout',
      });
      if (refused) await say(refused.text);
    });
  };
}
