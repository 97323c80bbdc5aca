import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { RECORD_TYPES, type RecordType } from '../../../../domain/observation.js';
import { isDnsName } from '../../../../domain/targets.js';
import type { SlackAppDeps } from '../../deps.js';
import { requestIdentity } from '../../middleware/request-identity.js';
import { code } from '../../mrkdwn.js';
import { slackActor } from '../../slack-actor.js';
import { tellingFailures } from '../tell-failures.js';
import { tellButtonPresser } from './incident-button.js';
import { parseStepRef, resolvedStepText, UNREADABLE_STEP } from './runbook-step-ref.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** `name/TYPE` → the name and type to probe, or undefined for a target that is no DNS name (a Health event). */
export function dnsTargetOf(targetId: string): { name: string; type: RecordType } | undefined {
  const slash = targetId.lastIndexOf('/');
  const name = targetId.slice(0, slash);
  const type = targetId.slice(slash + 1);
  if (slash <= 0 || !isDnsName(name) || !(RECORD_TYPES as readonly string[]).includes(type)) return undefined;
  return { name, type: type as RecordType };
}

/**
 * A runbook step's "Re-check now": the same live probe as `/lookout check`, of the incident's own target,
 * under the same rules as the other runbook actions (operators only). It is handed off (a probe can take
 * the whole DNS timeout); the worker puts every resolver's answer on the timeline, so the delivery posts
 * them in the incident's thread, and answers the person through the response URL.
 */
export function runbookStepRecheck(deps: SlackAppDeps) {
  return async ({ ack, body, action }: Args): Promise<void> => {
    await ack();
    const requestId = requestIdentity(body) ?? `trigger:${body.trigger_id}`;
    const tell = (text: string) => tellButtonPresser(deps, body, requestId, text);
    await tellingFailures(deps, 'the Re-check now button', tell, async () => {
      const decision = await deps.authorizer.check(body.user.id, 'runbook');
      if (!decision.allowed) return void (await tell(decision.message));
      const ref = parseStepRef(action.value);
      if (!ref) return void (await tell(UNREADABLE_STEP));
      const incident = await deps.store.incidents.get(ref.incidentId);
      if (!incident) return void (await tell(`There is no incident ${code(ref.incidentId)} any more.`));
      if (incident.status === 'resolved') return void (await tell(resolvedStepText(incident.id)));
      const target = dnsTargetOf(incident.targetId);
      if (!target)
        return void (await tell(
          `Incident ${code(incident.id)} is about ${code(incident.targetId)}, which is not a DNS name and type Lookout can ask its resolvers for.`,
        ));
      if (!body.response_url || !body.channel) return void (await tell(UNREADABLE_STEP));
      const actor = slackActor(
        { id: body.user.id, name: body.user.username ?? body.user.name },
        decision.via,
      );
      await deps.handoff.send({
        kind: 'check',
        id: requestId,
        name: target.name,
        type: target.type,
        incident: { id: incident.id, by: actor.by, facts: actor.facts },
        responseUrl: body.response_url,
        user: body.user.id,
        channel: body.channel.id,
      });
      await tell(
        `Asking Lookout's resolvers for ${code(target.name)} ${target.type} again; their answers go to incident ${code(incident.id)}'s timeline and thread.`,
      );
    });
  };
}
